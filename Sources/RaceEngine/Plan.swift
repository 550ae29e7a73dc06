import RaceModel
import RaceSyntax

/// A model lowered for running: every formula compiled to instructions and numbered,
/// every entity and chip an index, actions bucketed by the month they happen in.
/// Making a plan is cheap; a plan is run many times (once per sample, once per REPL edit).
public struct Plan: Sendable {
    public let model: Model
    var formulas: [CompiledFormula]
    /// The same formulas as trees, for the tree-walking baseline evaluation.
    var formulaTrees: [Formula]
    /// Compiled formula of each `let`.
    var letFormulas: [Int]
    var letHasParameter: [Bool]
    /// Compiled formula of each param's value.
    var paramFormulas: [Int]

    var chips: [ChipPlan]
    var entities: [EntityPlan]
    var actions: [ActionPlan]
    /// For each step, the actions of events dated then, in source order.
    var actionsByStep: [[Int]]
    var rules: [RulePlan]
    var labs: [Int]
    var reportFormulas: [Int]
    /// Formulas recorded every month besides the report (the REPL's `:plot EXPR`), bound to no entity.
    var watchFormulas: [Int] = []
    var expectations: [(formula: Int, step: Int, sides: [Int])]
    var distributions: [DistributionPlan]
    // v2-engine: the first v2 feature of the model that this engine cannot run (an uncertain
    // date, a probability, a founding date, a new distribution shape), with where it is
    // written; every run of the plan stops on it at once (`requireRunnable`).
    var notRunYet: (what: String, span: Span?)? = nil

    public var steps: Int { model.steps }
    public var entityCount: Int { entities.count }

    // v2-engine: called where a run starts; remove with `notRunYet`.
    func requireRunnable() throws {
        if let (what, span) = notRunYet {
            throw RunError(message: "\(what) is not run by this engine yet", span: span, step: 0, sample: nil)
        }
    }
}

struct ChipPlan: Sendable {
    var price: Int?
    var priceGrowth: GrowthPlan?
    var perf: Int?
    var power: Int?
    var opex: Int?
    var rent: Int?
    var lead: Int?
    /// First step it may be used, or nil.
    var availableStep: Int?
}

struct GrowthPlan: Sendable {
    var rate: Int
    var falling: Bool
    var period: Double
}

struct StreamPlan: Sendable {
    var initial: Int
    var growth: GrowthPlan?
}

enum FlowPlan: Sendable {
    case streams([StreamPlan])
    case formula(Int)
}

struct EntityPlan: Sendable {
    var isLab: Bool
    var tracksCash: Bool
    var cash: Int?
    var revenue: FlowPlan
    var burn: FlowPlan
    var fleet: [(chip: Int, count: Int)]
    var valuation: Int?
    var owners: [(holder: Int, share: Int)]
    var utilization: Int?
    var span: Span
}

/// An action with its formulas compiled; entities are indices, `-1` the bound one.
struct ActionPlan: Sendable {
    enum Kind: Sendable {
        case raise(company: Int, amount: Int, valuation: Int, pre: Bool, investors: [Int], amounts: [Int]?)
        case invest(investor: Int, amount: Int, target: Int, valuation: Int?, pre: Bool)
        case buyStake(buyer: Int, share: Int, target: Int, price: Int)
        case buyChips(buyer: Int, count: Int, chip: Int, seller: Int?)
        case buyChipsWorth(buyer: Int, amount: Int, chip: Int, seller: Int?)
        case rent(renter: Int, chip: Int, provider: Int, amount: Int, months: Int)
        case build(builder: Int, power: Int, chip: Int, amount: Int, months: Int)
        case acquire(buyer: Int, target: Int, price: Int?)
        case acquihire(buyer: Int, target: Int, price: Int?)
        case setCash(Int, Int)
        case setValuation(Int, Int)
        case setUtilization(Int, Int)
        case setFlow(Int, revenue: Bool, FlowPlan)
        case exit(Int)
        case note(String)
        // v2-engine: every §15 action and form this engine does not carry out yet lowers to
        // this; performing it stops the run with "<what> is not run by this engine yet".
        case notRunYet(String)
    }
    var kind: Kind
    var subject: Int?
    var named: [Int]
    var text: String
    /// The `for each` variable of the rule it belongs to (`L`), if any.
    var variable: String? = nil
    var span: Span
}

struct RulePlan: Sendable {
    var isRepeating: Bool
    var condition: Int
    var actions: [Int]
    /// The entities it runs for: all of one kind under `for each`, else `[-1]` (no binding).
    var forEach: [Int]?
    var span: Span
}

struct DistributionPlan: Sendable {
    var shape: Distribution.Shape
    var first: Int
    var second: Int
    /// `Distribution.key`: names the random stream Monte Carlo draws it from.
    var key: String = ""
}
