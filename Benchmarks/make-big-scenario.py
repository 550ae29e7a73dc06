#!/usr/bin/env python3
"""Writes a scenario at the limits: 1,200 months, 50 labs (default), 10 companies, yearly
investments, contracts, purchases, a for-each rule, an acquisition and an acqui-hire.
The same model as RunErrorTests.bigScenario, for timing the whole process by hand:

  python3 Benchmarks/make-big-scenario.py > /tmp/big.race
  hyperfine -N '.build/release/race run /tmp/big.race'

Usage: make-big-scenario.py [LABS]
"""
import sys


def scenario(labs: int = 50) -> str:
    out = ['scenario "Big"', "start 2025-01", "run 1200 months",
           "chip H { price: $30k falling 20%/year, perf: 989 TFLOP/s, power: 1.4 kW, opex: $1k/month, rent: $2/hour }"]
    out += [f"company C{c} {{ cash: ${100 + c}B }}" for c in range(10)]
    for l in range(labs):
        out.append(f"lab L{l} {{ cash: ${1 + l % 7}B, valuation: ${10 + l}B, owners: C{l % 10} 10%, "
                   f"revenue: ${50 + l}M/month growing {l % 4}%/month, burn: ${200 + 3 * l}M/month growing 1%/year, "
                   f"fleet: {l + 1}k H }}")
        out.append(f"every 12 months from 2025-{1 + l % 12:02d}: C{l % 10} invests $1B in L{l}")
        out.append(f"on 20{26 + l % 40}-06: L{l} rents H from C{(l + 3) % 10} for ${l + 1}B over 36 months")
        out.append(f"every 24 months from 2026-03: L{l} buys $100M of H")
    out.append("for each lab L:\n  when L.runway < 6 months: L raises L.burn * 12 months at L.valuation * 1.2 from C0")
    out.append('whenever labs_active < 10: note "consolidated"')
    out.append("on 2030-01: L1 acquires L2 for $5B\non 2031-01: L3 acquihires L4 for $1B")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(scenario(int(sys.argv[1]) if len(sys.argv) > 1 else 50))
