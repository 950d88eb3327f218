/// The status of every session, stratified so that "the k-th completed session" is O(1).
///
/// Sessions come in blocks of five holding two `completed`, one `in_progress` and two drawn
/// from pending/failed/paused, shuffled per block by the counter hash. So 40% are completed,
/// TRDs (which only completed sessions have) can find their parent by rank, and a part's
/// sessions map to a contiguous range of completed ranks.
struct SessionStatusPlan: Sendable {
    enum Status: String, Sendable, CaseIterable {
        case pending
        case inProgress = "in_progress"
        case completed, failed, paused
    }

    let sessions: Int
    let hash: CounterHash
    static let stream = CounterHash.stream("sessions.status")
    static let blockSize = 5

    init(sessions: Int, hash: CounterHash) {
        self.sessions = sessions
        self.hash = hash
    }

    /// The status of a session.
    func status(of session: Int) -> Status {
        let block = session / Self.blockSize
        switch slots(block)[session % Self.blockSize] {
        case 0, 1: return .completed
        case 2: return .inProgress
        default:
            let draw = hash.int(Self.stream, session, 2, in: 0...3)
            return draw < 2 ? .pending : draw == 2 ? .failed : .paused
        }
    }

    /// How many sessions before `session` are completed.
    func completedRank(before session: Int) -> Int {
        let session = min(session, sessions)
        let block = session / Self.blockSize
        let offset = session % Self.blockSize
        return block * 2 + slots(block).prefix(offset).filter { $0 < 2 }.count
    }

    /// The number of completed sessions.
    var completedCount: Int { completedRank(before: sessions) }

    /// The index of the completed session with rank `rank`.
    func completedSession(rank: Int) -> Int {
        let block = rank / 2
        let positions = slots(block).enumerated().filter { $0.element < 2 }.map(\.offset)
        return block * Self.blockSize + positions[rank % 2]
    }

    /// A shuffle of slots 0…4 for a block (0, 1: completed; 2: in progress; 3, 4: other).
    private func slots(_ block: Int) -> [Int] {
        var slots = [0, 1, 2, 3, 4]
        var bits = hash.bits(Self.stream, block, 1)
        for index in stride(from: slots.count - 1, to: 0, by: -1) {
            let other = Int(bits % UInt64(index + 1))
            bits /= UInt64(index + 1)
            slots.swapAt(index, other)
        }
        return slots
    }
}
