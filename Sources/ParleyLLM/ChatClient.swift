import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Where a language model is and how to ask it: any OpenAI-compatible chat-completions endpoint
/// (llama.cpp's server, llama-cpp-python's, Ollama's `/v1`, vLLM, a hosted service).
public struct ChatEndpoint: Sendable, Hashable {
    /// The base URL, up to and including `/v1` (`http://127.0.0.1:8000/v1`).
    public var baseURL: String
    public var apiKey: String?
    public var model: String
    public var temperature: Double = 0
    public var seed: Int? = nil
    public var maxTokens: Int = 400
    /// Seconds for one call.
    public var timeout: Double = 120
    /// Further attempts after a transport failure or a 5xx answer.
    public var retries: Int = 1
    /// How the reply is constrained to the move's JSON schema.
    public var replyFormat: ReplyFormat = .jsonSchema

    /// The shapes of a constrained reply the servers accept (see the project's notes on endpoints).
    public enum ReplyFormat: String, Sendable, Hashable, CaseIterable {
        /// `{"type": "json_schema", "json_schema": {"name", "schema", "strict": true}}`: OpenAI, llama.cpp, vLLM, Ollama's /v1.
        case jsonSchema = "json_schema"
        /// `{"type": "json_object", "schema": {...}}`: llama-cpp-python's server.
        case jsonObject = "json_object"
    }

    public init(baseURL: String, apiKey: String? = nil, model: String) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.model = model
    }
}

/// One chat-completions answer.
public struct ChatReply: Sendable, Hashable {
    public var content: String
    public var promptTokens: Int?
    public var completionTokens: Int?
    public var milliseconds: Double
}

/// Why a call failed (after its retries).
public struct ChatError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// A blocking chat-completions client (a seat asks from the negotiation's own thread).
public struct ChatClient: Sendable {
    public let endpoint: ChatEndpoint

    public init(_ endpoint: ChatEndpoint) { self.endpoint = endpoint }

    /// The request body: the messages, the model's settings, and the reply's JSON schema.
    public func body(messages: [[String: String]], schema: [String: Any], schemaName: String = "move") -> [String: Any] {
        var body: [String: Any] = ["model": endpoint.model, "messages": messages, "temperature": endpoint.temperature,
                                   "max_tokens": endpoint.maxTokens]
        if let seed = endpoint.seed { body["seed"] = seed }
        switch endpoint.replyFormat {
        case .jsonSchema:
            body["response_format"] = ["type": "json_schema", "json_schema": ["name": schemaName, "schema": schema, "strict": true] as [String: Any]]
        case .jsonObject:
            body["response_format"] = ["type": "json_object", "schema": schema] as [String: Any]
        }
        return body
    }

    /// Asks the model; retries transport failures and 5xx answers.
    public func complete(messages: [[String: String]], schema: [String: Any]) throws(ChatError) -> ChatReply {
        let url = endpoint.baseURL.hasSuffix("/") ? endpoint.baseURL + "chat/completions" : endpoint.baseURL + "/chat/completions"
        guard let target = URL(string: url), target.scheme == "http" || target.scheme == "https" else {
            throw ChatError(message: "the base URL '\(endpoint.baseURL)' is not an http(s) address")
        }
        let payload: Data
        do { payload = try JSONSerialization.data(withJSONObject: body(messages: messages, schema: schema), options: [.sortedKeys]) } catch {
            throw ChatError(message: "the request could not be written: \(error)")
        }
        var last = ChatError(message: "no attempt")
        for _ in 0...max(0, endpoint.retries) {
            var request = URLRequest(url: target, timeoutInterval: endpoint.timeout)
            request.httpMethod = "POST"
            request.httpBody = payload
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            if let key = endpoint.apiKey, !key.isEmpty { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
            let started = Date()
            let (data, status, failure) = Self.send(request)
            let milliseconds = Date().timeIntervalSince(started) * 1000
            if let failure { last = ChatError(message: "the endpoint did not answer: \(failure)"); continue }
            guard let status, (200..<300).contains(status) else {
                last = ChatError(message: "the endpoint answered \(status ?? 0): \(String(decoding: data.prefix(300), as: UTF8.self))")
                if let status, status < 500 { throw last }
                continue
            }
            guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
                  let choices = object["choices"] as? [[String: Any]], let message = choices.first?["message"] as? [String: Any],
                  let content = message["content"] as? String else {
                throw ChatError(message: "the answer is not a chat completion: \(String(decoding: data.prefix(300), as: UTF8.self))")
            }
            let usage = object["usage"] as? [String: Any]
            return ChatReply(content: content, promptTokens: usage?["prompt_tokens"] as? Int, completionTokens: usage?["completion_tokens"] as? Int,
                             milliseconds: milliseconds)
        }
        throw last
    }

    /// Sends a request and waits for its answer.
    static func send(_ request: URLRequest) -> (Data, Int?, String?) {
        let semaphore = DispatchSemaphore(value: 0)
        let box = ResultBox()
        let task = URLSession.shared.dataTask(with: request) { data, response, error in
            box.set(data ?? Data(), (response as? HTTPURLResponse)?.statusCode, error.map { "\($0.localizedDescription)" })
            semaphore.signal()
        }
        task.resume()
        semaphore.wait()
        return box.get()
    }

    final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private var value: (Data, Int?, String?) = (Data(), nil, nil)
        func set(_ data: Data, _ status: Int?, _ error: String?) { lock.lock(); value = (data, status, error); lock.unlock() }
        func get() -> (Data, Int?, String?) { lock.lock(); defer { lock.unlock() }; return value }
    }
}
