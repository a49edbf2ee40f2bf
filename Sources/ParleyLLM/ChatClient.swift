import CParleyCurl
import Foundation

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
    /// The largest answer read; a larger one is a failed call (a chat completion is a few kilobytes).
    public var maximumAnswerBytes: Int = 8 << 20
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
        var headers = ["Content-Type: application/json", "Accept: application/json"]
        if let key = endpoint.apiKey, !key.isEmpty {
            guard !key.contains(where: { $0.isNewline }) else { throw ChatError(message: "the API key holds a line break; give it on one line") }
            headers.append("Authorization: Bearer \(key)")
        }
        var last = ChatError(message: "no attempt")
        for _ in 0...max(0, endpoint.retries) {
            let started = Date()
            let (data, status, failure) = Self.post(target.absoluteString, headers: headers, body: payload, timeout: endpoint.timeout,
                                                    maximumBytes: endpoint.maximumAnswerBytes)
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

    /// POSTs `body` and waits for the answer: its bytes and status, or why none came. The transport
    /// is libcurl, loaded on the first call (see `parley_curl.h`), so that the program's start does
    /// not pay for it.
    static func post(_ url: String, headers: [String], body: Data, timeout: Double, maximumBytes: Int) -> (Data, Int?, String?) {
        let lines = headers.map { strdup($0) }
        defer { lines.forEach { free($0) } }
        var result = parley_http_result()
        let milliseconds = timeout.isNaN ? 120_000 : Int(min(max(timeout, 0.001), 86_400) * 1000)
        let outcome = lines.map { UnsafePointer($0) }.withUnsafeBufferPointer { lines in
            body.withUnsafeBytes { bytes in
                parley_http_post(url, lines.baseAddress, Int32(lines.count), bytes.baseAddress, bytes.count, milliseconds,
                                 max(1, maximumBytes), &result)
            }
        }
        defer { parley_http_free(&result) }
        guard outcome == 0 else {
            let message = withUnsafeBytes(of: result.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            return (Data(), nil, message)
        }
        let data = result.body.map { Data(bytes: $0, count: result.length) } ?? Data()
        return (data, Int(result.status), nil)
    }
}
