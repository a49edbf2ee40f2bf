import Foundation
import ParleyAnalysis
import ParleyCore
import ParleySimulation

/// A language model in a seat of stacked alternating offers (`parley simulate --agent
/// PARTY=llm:MODEL`): at its turn it gets the public story, its own party's brief and points, the
/// offer on the table and the latest actions, and answers accept, offer or walk away, constrained
/// by a JSON schema of the scenario's ids. An unreadable reply is retried once with the error
/// stated; a second one is read as an offer of the party's own best package (the negotiation goes
/// on) and noted. Every turn is on the record (``Shared/records``).
public struct LLMNegotiator: Negotiator {
    let seat: LLMModeratedSeat
    /// The turns' records and the actions seen, shared by the copies the protocol's driver makes.
    public let shared = Shared()

    public final class Shared: Sendable {
        public let records = Locked<[SeatRecord]>([])
        let log = Locked<[String]>([])
    }
    var context: NegotiationContext?

    public var name: String { seat.name }

    /// A replay does not call the model again: the recorded moves stand, and what the negotiator
    /// knows (the others' actions) it observes during the replay.
    public var replaysByAsking: Bool { false }

    /// Every call so far (the copies the protocol's driver makes share them).
    public var calls: [SeatRecord] { shared.records.withLock { $0 } }

    public init(client: ChatClient, publicBrief: PublicBrief, own: OwnBrief) {
        seat = LLMModeratedSeat(client: client, publicBrief: publicBrief, own: own)
    }

    public mutating func start(_ context: NegotiationContext) { self.context = context }

    public mutating func observe(party: Int, action: ObservedAction, package: Int, time: Double) {
        let line = "\(seat.publicBrief.parties[party]) \(action == .offer ? "offered" : "accepted") [\(seat.dealText(package))]"
        shared.log.withLock { $0.append(line) }
    }

    public mutating func open(time: Double) -> Int {
        if case .offer(let package) = act(on: nil, time: time) { return package }
        return best
    }

    public mutating func respond(to offer: Int, time: Double) -> NegotiationAction { act(on: offer, time: time) }

    /// The party's own best package (the stand-in for an unreadable reply).
    var best: Int {
        guard let utilities = context?.utilities else { return 0 }
        return utilities.indices.max { utilities[$0] < utilities[$1] } ?? 0
    }

    public mutating func act(on offer: Int?, time: Double) -> NegotiationAction {
        let (action, record) = seat.client.ask(prompt(offer: offer, time: time), schema: schema(canAccept: offer != nil)) { read($0, offer: offer) }
        shared.records.withLock { $0.append(record) }
        return action ?? .offer(package: best)
    }

    func schema(canAccept: Bool) -> [String: Any] {
        var schema = seat.schema
        var properties = schema["properties"] as? [String: Any] ?? [:]
        properties["action"] = ["type": "string", "enum": canAccept ? ["offer", "accept", "walkAway"] : ["offer", "walkAway"]]
        schema["properties"] = properties
        return schema
    }

    func read(_ text: String, offer: Int?) -> Result<NegotiationAction, LLMModeratedSeat.Problem> {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
            return .failure(.init(message: "it is not a JSON object"))
        }
        switch object["action"] as? String {
        case "accept":
            return offer == nil ? .failure(.init(message: "there is no offer to accept yet")) : .success(.accept)
        case "walkAway": return .success(.walkAway)
        case "offer":
            let situation = ModeratedSituation(phase: .discussion, party: seat.own.party, time: 0, turnsLeft: 1, transcript: [])
            switch seat.read(text, situation: situation) {
            case .success(let move): return move.deal.map { .success(.offer(package: $0)) } ?? .failure(.init(message: "an offer needs a deal"))
            case .failure(let problem): return .failure(problem)
            }
        default: return .failure(.init(message: "the action must be offer, accept or walkAway"))
        }
    }

    func prompt(offer: Int?, time: Double) -> [SeatRecord.Message] {
        let situation = ModeratedSituation(phase: .discussion, party: seat.own.party, time: time, turnsLeft: 1, transcript: [])
        var messages = seat.prompt(situation)
        let history = shared.log.withLock { Array($0.suffix(12)) }
        let rounds = context?.rounds ?? 0
        var task = "Stacked alternating offers: the offer on the table passes from party to party; each accepts it, replaces it with a "
            + "counter-offer, or walks away (which ends the negotiation without agreement). The negotiation has \(rounds) rounds; "
            + "\(Int((time * 100).rounded()))% of the time has passed.\n"
        task += history.isEmpty ? "" : "The latest actions:\n" + history.joined(separator: "\n") + "\n"
        if let offer {
            let worth = context.map { LLMModeratedSeat.points($0.utilities[offer]) } ?? "?"
            task += "On the table: [\(seat.dealText(offer))], worth \(worth) points to you. Accept it, counter-offer (action offer), or walk away."
        } else {
            task += "You open: make the first offer (action offer)."
        }
        // The moderated protocol's own task line gives way to this one.
        if var last = messages.last {
            if let range = last.content.range(of: "Speak now:", options: .backwards) { last.content = String(last.content[..<range.lowerBound]) }
            last.content += task
            messages[messages.count - 1] = last
        }
        return messages
    }
}
