import Foundation
import ParleyCore

/// Long analyses, run off the request path: each has progress, can be cancelled, and keeps its
/// result (or error) until it is read. A second request for the same work joins the running job.
final class JobCenter: Sendable {
    enum State: String, Codable, Sendable { case running, done, failed, cancelled }

    struct Job: Sendable {
        var id: String
        var key: String
        var state: State = .running
        var done = 0
        var total = 0
        var error: String?
        /// What the work has so far (a tournament's standings as matches finish).
        var partial: String?
        var cancelRequested = false
        var started = Date()
    }

    /// What a client sees of a job (`GET /api/v1/jobs/{id}`).
    struct Status: Codable, Sendable {
        var id: String
        var state: State
        var done: Int
        var total: Int
        var error: String?
        /// What the work has so far (a tournament's standings as matches finish), as text.
        var partial: String?
        /// Where the result is, once done.
        var result: String?
    }

    private let jobs = Locked<[String: Job]>([:])

    /// The job for `key` (the address of its result) when one is running, else a new one running `work` on `queue`.
    /// `finish` keeps the result (stores it) before the job says it is done.
    func start(key: String, queue: DispatchQueue,
               work: @escaping @Sendable (_ progress: @escaping @Sendable (Int, Int) -> Void, _ shouldStop: @escaping @Sendable () -> Bool,
                                          _ partial: @escaping @Sendable (String) -> Void) throws -> String,
               finish: @escaping @Sendable (String) async -> Void) -> Status {
        let (job, isNew) = jobs.withLock { jobs -> (Job, Bool) in
            if let running = jobs.values.first(where: { $0.key == key && $0.state == .running }) { return (running, false) }
            // Finished jobs of other keys are forgotten after a while; keep the table small.
            let old = Date().addingTimeInterval(-3600)
            jobs = jobs.filter { $0.value.state == .running || $0.value.started > old }
            let job = Job(id: UUID().uuidString.lowercased(), key: key)
            jobs[job.id] = job
            return (job, true)
        }
        if isNew {
            let id = job.id
            queue.async {
                let progress: @Sendable (Int, Int) -> Void = { [weak self] done, total in
                    self?.jobs.withLock { jobs in jobs[id]?.done = done; jobs[id]?.total = total }
                }
                let shouldStop: @Sendable () -> Bool = { [weak self] in self?.jobs.withLock { $0[id]?.cancelRequested ?? true } ?? true }
                let partial: @Sendable (String) -> Void = { [weak self] text in self?.jobs.withLock { $0[id]?.partial = text } }
                do {
                    let result = try work(progress, shouldStop, partial)
                    Task {
                        await finish(result)
                        self.jobs.withLock { $0[id]?.state = .done }
                    }
                } catch is CancellationError {
                    self.jobs.withLock { $0[id]?.state = .cancelled }
                } catch {
                    self.jobs.withLock { jobs in jobs[id]?.state = .failed; jobs[id]?.error = "\(error)" }
                }
            }
        }
        return status(job.id)!
    }

    /// The status of job `id`, or nil.
    func status(_ id: String) -> Status? {
        jobs.withLock { jobs in
            guard let job = jobs[id] else { return nil }
            return Status(id: job.id, state: job.state, done: job.done, total: job.total, error: job.error, partial: job.partial,
                          result: job.state == .done ? job.key : nil)
        }
    }

    /// Asks job `id` to stop; true when there was such a running job.
    func cancel(_ id: String) -> Bool {
        jobs.withLock { jobs in
            guard jobs[id]?.state == .running else { return false }
            jobs[id]?.cancelRequested = true
            return true
        }
    }
}
