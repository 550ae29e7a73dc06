/// The text of `:help [TOPIC]`.
enum SessionHelp {
    static func text(topic: String) -> String {
        switch topic.trimmed(where: { $0 == ":" || $0 == " " }) {
        case "":
            return """
            Type statements of the race language (they join the scenario and are checked at once),
            an expression to evaluate now (OpenAI.runway, total(compute)), or a command:
              :load FILE / :reload      start from a scenario file / read it again
              :run / :step [N] / :goto DATE   run to the horizon / N months / to a month
              :show [ENTITY]            the state now, or one entity in full
              :table FIELD,...          a table over entities (cash, runway, compute, ...)
              :events                   the event log so far
              :json / :run json         the run so far / to the horizon, as race run --format json
              :eval EXPR                evaluate an expression (same as typing it)
              :fork NAME / :switch NAME / :forks   copy the scenario / go back to one / list
              :diff [A] B               compare two forks (assumptions, outcomes, attribution)
              :undo                     take back the last statement
              :save FILE / :save! FILE  write the scenario as a .race file (! overwrites)
              :recover [discard]        restore a session that ended without :quit (or forget it)
              :help TOPIC               more on: statements, expressions, units, commands
              :quit                     leave (Ctrl-D too); Ctrl-C abandons the line
            """ + "\n"
        case "statements":
            return """
            lab NAME { cash: $10B; revenue: $1B/month growing 5%/month; burn: $1.2B/month }
            company NAME { cash: $0 }        chip H100 { price: $30k, perf: 989 TFLOP/s, power: 1.4 kW }
            param growth = 5%/month           let share(L) = L.compute / total(compute)
            on 2025-06: Microsoft invests $5B in Alpha
            every 6 months from 2025-01: OpenAI raises $10B at OpenAI.valuation * 1.5
            when OpenAI.runway < 6 months: OpenAI raises $10B at OpenAI.valuation
            cancel LABEL / delay LABEL by 6 months / expect OpenAI.active at 2026-12
            """ + "\n"
        case "expressions":
            return """
            Entity fields: cash revenue burn compute flop chips spend net_burn runway valuation
            active paid received age utilization, and X.stake(HOLDER).
            Globals: t, date, labs_active, total(FIELD), largest(FIELD). Functions: log10 ln exp sqrt abs min max.
            """ + "\n"
        case "units":
            return """
            Money $30k $1.4T; time s hours days weeks months quarters years; chips (200k H100);
            FLOP, kFLOP … ZFLOP; FLOP/s; W kW MW GW; ratios 5% or 0.05. Rates: $1B/month, 5%/month, 25%/year.
            """ + "\n"
        case "commands":
            return text(topic: "")
        default:
            return "no help on '\(topic)'; topics: statements, expressions, units, commands\n"
        }
    }
}

