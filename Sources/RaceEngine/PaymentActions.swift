import RaceModel

/// Payments between entities (docs/reference/financing.md): a one-off payment (a licence fee, a settlement) and a
/// payment contract (a revenue share, credits paid back), which is rent without chips.
extension LaneEngine {
    /// `X pays A to Y`: X's cash falls by A and Y's rises; not part of X's spend.
    func payOnce(_ payer: Int, _ amountFormula: Int, _ payee: Int, _ context: inout ActionContext) throws(RunError) -> ActionAmounts {
        let a = try amount(amountFormula, .price, &context)
        let x = resolve(payer, context.bound), y = resolve(payee, context.bound), on = context.lanes
        let cashX = row(.cash, x), paid = row(.paid, x), cashY = row(.cash, y), received = row(.received, y)
        LaneVector.forEachVector(lanes) { s in
            let paying = on.condition(at: s), v = a.vector(at: s)
            cashX.store(cashX.vector(at: s).replacing(with: cashX.vector(at: s) - v, where: paying), at: s)
            paid.store(paid.vector(at: s).replacing(with: paid.vector(at: s) + v, where: paying), at: s)
            cashY.store(cashY.vector(at: s).replacing(with: cashY.vector(at: s) + v, where: paying), at: s)
            received.store(received.vector(at: s).replacing(with: received.vector(at: s) + v, where: paying), at: s)
        }
        return ActionAmounts(a)
    }

    /// `X pays R to Y for D`: from this month, R × 1 month to Y in phase 4 of each of D months,
    /// part of X's spend, like rent without chips; it ends when either side leaves.
    func payContract(_ payer: Int, _ rateFormula: Int, _ payee: Int, _ monthsFormula: Int,
                     _ context: inout ActionContext) throws(RunError) -> ActionAmounts {
        let r = try amount(rateFormula, .contractAmount, &context)
        let d = try months(monthsFormula, &context)
        let x = resolve(payer, context.bound), y = resolve(payee, context.bound)
        for (length, lanesOfLength) in lengths(d, in: context.lanes) {
            let payment = memory.makeRow(), pay = memory.row(payment)
            for s in lanesOfLength { pay[s] = r[s] }
            addContract(ContractItem(renter: x, provider: y, chip: -1, lastStep: step + length - 1, payment: payment,
                                     chips: memory.makeRow(), leased: nil))
        }
        refreshContractTotals(of: x)
        return ActionAmounts(r, d)
    }

    /// The lanes of each whole number of months in `d` among `on`: a contract of another
    /// length in another lane is another contract.
    func lengths(_ d: LaneRow, in on: LaneMask) -> [(length: Int, lanes: [Int])] {
        var byLength: [Int: [Int]] = [:]
        for s in 0..<lanes where on[s] { byLength[Int(d[s]), default: []].append(s) }
        return byLength.keys.sorted().map { ($0, byLength[$0]!) }
    }

    /// Lists a new contract with its two parties.
    func addContract(_ contract: ContractItem) {
        let number = ledger.contracts.add(contract)
        ledger.rentedBy[contract.renter].append(number)
        ledger.providedBy[contract.provider].append(number)
    }
}
