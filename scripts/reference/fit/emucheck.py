# Checks that emu.py reproduces the contract bit for bit on every golden vector (grid and edge).
# First: npx tsx scripts/reference/fit/dumpHarness.ts (writes harness.json to the temporary directory); then: python3 emucheck.py
import json, os, tempfile
from emu import greeks
NAMES = dict(callPrice='call', putPrice='put', callDelta='cd', putDelta='pd', gamma='gamma', vega='vega')
pts = json.load(open(os.path.join(tempfile.gettempdir(), 'harness.json')))
bad = 0
for p in pts:
    i = p['inputs']
    g = greeks(int(i['spotWad']), int(i['strikeWad']), int(i['volWad']), int(i['timeSec']), int(i['rateWad']))
    for k, e in NAMES.items():
        if int(p['greeks'][k]) != g[e]:
            bad += 1
            if bad <= 10:
                print(p['id'], k, p['greeks'][k], g[e])
print('%d points, %d output mismatches' % (len(pts), bad))
