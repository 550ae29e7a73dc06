/// The ```race code blocks of LANGUAGE.md, copied so that the test of the spec's examples
/// also runs where the shared spec folder is absent. `SpecificationExampleTests` checks
/// this copy against the spec when the spec is present.
enum LanguageExamples {
    static let blocks: [String] = [
        #"""
# Scenarios/example.race
scenario "Two labs and a cloud"
start 2025-01
horizon 2026-12                      # inclusive: 24 monthly steps

param price_cut = 25%/year

chip H100 { price: $30k falling price_cut, perf: 989 TFLOP/s, power: 1.4 kW,
            opex: $1.2k/month, rent: $2.40/hour }

company Microsoft                    # no cash field: an unbounded backer
company Azure { cash: $0 }           # a tracked balance that starts at zero

lab Alpha {
  cash: $10B
  valuation: $150B
  revenue: $1B/month growing 5%/month
  burn: $1.2B/month growing 2%/month
  fleet: 200k H100
  owners: Microsoft 30%
}

lab Beta {
  cash: $2B
  revenue: $50M/month growing 8%/month
  burn: $300M/month
}

on 2025-06: Microsoft invests $5B in Alpha
on 2025-09 as beta_round: Beta raises $3B at $30B post
on 2025-10: Beta rents H100 from Azure for $6B over 24 months

for each lab L:
  when L.runway < 3 months: L raises L.burn * 12 months at L.revenue * 10 years

let capability(L) = log10(L.flop / 1 FLOP)

report cash, runway, compute, capability, valuation
"""#,
        #"""
scenario "Title"             # optional, at most once
start 2024-12                # required (an including file may supply it)
horizon 2028-12              # inclusive of both ends; or `run 48 months` (48 steps)
extends "baseline.race"      # optional, first statement; path relative to this file
"""#,
        #"""
param growth = 5%/month               # a named assumption; overridable (§9)
param gpu_price = $25k to $40k        # uncertain: a distribution (§8)
let market = total(revenue)           # a formula, recomputed every month
let share(L) = L.compute / total(compute)   # a formula over one entity
"""#,
        #"""
chip GB200 { price: $60k falling 20%/year, perf: 2.5 PFLOP/s, power: 2.0 kW,
             opex: $2k/month, rent: $4.50/hour, lead: 3 months, available: 2025-06 }
"""#,
        #"""
lab NAME { FIELD: VALUE ... }         # competes in the race; can run out of cash
company NAME { FIELD: VALUE ... }     # a backer, cloud, chip vendor or fund
"""#,
        #"""
on 2025-03: Anthropic raises $3.5B at $61.5B post
on 2025-11 as msft_deal {
  Microsoft invests $5B in Anthropic
  Anthropic rents GB200 from Microsoft for $30B over 60 months
}
every 6 months from 2025-01 until 2027-12: OpenAI raises $10B at OpenAI.valuation * 1.5
"""#,
        #"""
when OpenAI.runway < 6 months: OpenAI raises $10B at OpenAI.valuation
whenever Beta.cash < $1B: note "Beta below $1B"
for each lab L:
  when L.runway < 3 months: L raises L.burn * 12 months at L.revenue * 10 years
"""#,
        #"""
param growth = 3%/month                   # override a parameter
lab OpenAI { burn: $1B/month }            # override fields
cancel msft_deal                          # drop a labelled event
delay beta_round by 6 months              # move a labelled event
"""#,
    ]
}
