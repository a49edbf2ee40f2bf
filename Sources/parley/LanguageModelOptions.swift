import ArgumentParser
import ParleyKit

/// The options of language-model seats (`--agent PARTY=llm:MODEL`), shared by `simulate` and `tournament`.
struct LanguageModelOptions: ParsableArguments {
    @ArgumentParser.Option(name: .long, help: "A language-model seat's endpoint, up to /v1 (else PARLEY_LLM_BASE_URL; the key comes from PARLEY_LLM_API_KEY).")
    var llmBaseUrl: String?

    @ArgumentParser.Option(name: .long, help: "How the endpoint constrains a reply: json_schema (OpenAI, llama.cpp, vLLM) or json_object (llama-cpp-python).")
    var llmFormat = "json_schema"

    @ArgumentParser.Option(name: .long, help: "Language-model seats: temperature.")
    var llmTemperature = 0.0

    @ArgumentParser.Option(name: .long, help: "Language-model seats: the seed sent with each request.")
    var llmSeed: Int?

    @ArgumentParser.Option(name: .long, help: "Language-model seats: the most tokens of a reply.")
    var llmMaxTokens = 400

    @ArgumentParser.Option(name: .long, help: "Language-model seats: seconds per call.")
    var llmTimeout = 120.0

    @ArgumentParser.Option(name: .long, help: "Language-model seats: further attempts after a failed call.")
    var llmRetries = 1

    /// The endpoint and settings (nil without a base URL, here or in the environment).
    var settings: LanguageModelSettings? {
        var llm = LanguageModelSettings.fromEnvironment()
        if let llmBaseUrl { llm = LanguageModelSettings(baseURL: llmBaseUrl, apiKey: llm?.apiKey) }
        llm?.replyFormat = llmFormat
        llm?.temperature = llmTemperature
        llm?.seed = llmSeed
        llm?.maxTokens = llmMaxTokens
        llm?.timeout = llmTimeout
        llm?.retries = llmRetries
        return llm
    }
}
