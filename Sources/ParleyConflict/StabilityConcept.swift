/// The stability concepts of the Graph Model (Fang, Hipel & Kilgour 1993, ch. 4; Kilgour & Hipel 2005).
///
/// A state is stable for a decision maker when it has no reason to move away: under Nash, it has no
/// unilateral improvement; under the others, every improvement can be sanctioned by the other
/// decision makers' responses, which differ in what they may do:
public enum StabilityConcept: String, Hashable, Sendable, Codable, CaseIterable {
    /// Nash stability: no unilateral improvement.
    case nash
    /// General metarationality: every improvement can be answered by the others, with any moves,
    /// ending at a state the mover likes no more than where it started.
    case gmr
    /// Symmetric metarationality: as GMR, and the mover cannot escape the sanction by moving again.
    case smr
    /// Sequential stability: as GMR, but the others sanction only with their own improvements (credible sanctions).
    case seq
    /// Simultaneous sanctioning: every improvement can be spoiled by the others' improvements made at the same time.
    case sim
    /// Stable under both SEQ and SIM.
    case seqSim

    /// What the concept means, in a sentence for a reader who has not met the Graph Model.
    public var meaning: String {
        switch self {
        case .nash: "Nash: no decision maker can move to a state it prefers."
        case .gmr: "GMR (general metarationality): every move to a preferred state can be answered by the others, with any moves, leaving the mover no better off than where it started."
        case .smr: "SMR (symmetric metarationality): as GMR, and the mover cannot escape that answer by moving once more."
        case .seq: "SEQ (sequential stability): as GMR, but the others answer only with moves they themselves prefer: credible sanctions."
        case .sim: "SIM (simultaneous sanctioning): every move to a preferred state can be spoiled by the others' preferred moves made at the same time."
        case .seqSim: "SEQ+SIM: stable under both."
        }
    }

    /// The name used in reports.
    public var title: String {
        switch self {
        case .nash: "Nash"
        case .gmr: "GMR"
        case .smr: "SMR"
        case .seq: "SEQ"
        case .sim: "SIM"
        case .seqSim: "SEQ+SIM"
        }
    }
}
