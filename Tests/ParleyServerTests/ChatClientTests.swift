import Foundation
import Hummingbird
import HummingbirdTesting
import ParleyCore
import ParleyLLM
import Testing

/// The chat-completions client's transport (libcurl, opened on the first call) against a local
/// stand-in: the headers it sends, retries after a 5xx answer, no retry after a 4xx, a refused
/// connection, a timeout, an answer over the size limit, and addresses it will not call.
@Suite(.serialized) struct ChatClientTests {
    static let completion = #"{"choices": [{"index": 0, "message": {"role": "assistant", "content": "{}"}}], "usage": {"prompt_tokens": 3, "completion_tokens": 1}}"#

    /// `/v1/chat/completions` answers 503 on odd calls; `/slow/...` waits two seconds; `/big/...`
    /// answers 64 KiB; `/bad/...` answers 400. Every call's Authorization header is kept.
    static func endpoint(_ seen: Locked<[String]>) -> some ApplicationProtocol {
        let router = Router()
        let calls = Locked(0)
        router.post("v1/chat/completions") { request, _ -> Response in
            seen.withLock { $0.append((request.headers[.authorization] ?? "-") + " " + (request.headers[.contentType] ?? "-")) }
            let n = calls.withLock { $0 += 1; return $0 }
            guard n % 2 == 0 else { return Response(status: .serviceUnavailable) }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: completion)))
        }
        router.post("slow/chat/completions") { _, _ -> Response in
            try await Task.sleep(for: .seconds(2))
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: completion)))
        }
        router.post("big/chat/completions") { _, _ -> Response in
            Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: String(repeating: "x", count: 65_536))))
        }
        router.post("bad/chat/completions") { _, _ -> Response in
            Response(status: .badRequest, body: .init(byteBuffer: ByteBuffer(string: "unknown model")))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    /// A blocking call off Swift's cooperative threads (the stand-in answers on them).
    static func call(_ endpoint: ChatEndpoint) async -> Result<ChatReply, ChatError> {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Result { () throws(ChatError) in
                    try ChatClient(endpoint).complete(messages: [["role": "user", "content": "hi"]], schema: ["type": "object"])
                })
            }
        }
    }

    @Test func theClientRetriesA5xxSendsItsKeyAndStopsAtA4xx() async throws {
        let seen = Locked<[String]>([])
        try await Self.endpoint(seen).test(.live) { client in
            let port = try #require(client.port)
            var endpoint = ChatEndpoint(baseURL: "http://127.0.0.1:\(port)/v1", apiKey: "secret-key", model: "m")
            let reply = try await Self.call(endpoint).get()
            #expect(reply.content == "{}" && reply.promptTokens == 3 && reply.completionTokens == 1)
            #expect(seen.withLock { $0 } == ["Bearer secret-key application/json", "Bearer secret-key application/json"])
            // No retries left: the 503 is the answer.
            endpoint.retries = 0
            guard case .failure(let unavailable) = await Self.call(endpoint) else { Issue.record("a 503 must fail"); return }
            #expect(unavailable.message.contains("answered 503"))
            endpoint.baseURL = "http://127.0.0.1:\(port)/bad"
            endpoint.retries = 3
            guard case .failure(let bad) = await Self.call(endpoint) else { Issue.record("a 400 must fail"); return }
            #expect(bad.message.contains("answered 400") && bad.message.contains("unknown model"))
            endpoint.baseURL = "http://127.0.0.1:\(port)/big"
            endpoint.maximumAnswerBytes = 4_096
            guard case .failure(let big) = await Self.call(endpoint) else { Issue.record("a 64 KiB answer must fail"); return }
            #expect(big.message.contains("larger than 4096 bytes"))
            endpoint.baseURL = "http://127.0.0.1:\(port)/slow"
            endpoint.retries = 0
            endpoint.timeout = 0.3
            guard case .failure(let slow) = await Self.call(endpoint) else { Issue.record("a slow answer must time out"); return }
            #expect(slow.message.contains("did not answer") && slow.message.contains("timed out"))
        }
    }

    @Test func addressesAndKeysTheClientWillNotUse() async throws {
        // Port 9 (discard), which nothing on these machines listens on.
        var refused = ChatEndpoint(baseURL: "http://127.0.0.1:9/v1", model: "m")
        refused.retries = 0
        guard case .failure(let error) = await Self.call(refused) else { Issue.record("a refused connection must fail"); return }
        #expect(error.message.contains("did not answer"))
        guard case .failure(let scheme) = await Self.call(ChatEndpoint(baseURL: "file:///etc/v1", model: "m")) else {
            Issue.record("a file address must be refused"); return
        }
        #expect(scheme.message.contains("is not an http(s) address"))
        guard case .failure(let key) = await Self.call(ChatEndpoint(baseURL: "http://127.0.0.1:9/v1", apiKey: "a\r\nX-Evil: 1", model: "m")) else {
            Issue.record("a key with a line break must be refused"); return
        }
        #expect(key.message.contains("line break"))
    }
}
