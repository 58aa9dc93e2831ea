package dev.agenttracing.langchain4j;

import java.util.List;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.LlmCallSpec;
import dev.agenttracing.StartedOperation;
import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.semconv.GenAiProviderNames;

/**
 * Starts and ends the {@code chat {model}} span of one LangChain4j chat model call: the
 * spec and request parameters from the {@link ChatRequest}, the answer from the
 * {@link ChatResponse}. LangChain4j's public model API does not say where a model sends
 * its requests, so the spans carry no {@code server.address} or {@code server.port}.
 *
 * @author agent-tracing
 */
final class ChatCalls {

	private static final boolean OPEN_AI_PRESENT = ClassUtils
		.isPresent("dev.langchain4j.model.openai.OpenAiChatRequestParameters", ChatCalls.class.getClassLoader());

	private ChatCalls() {
	}

	/**
	 * Start the span of a call, as a child of the current context.
	 * @param agentTracer the tracer
	 * @param provider the model's provider, or {@code null}
	 * @param defaults the model's default request parameters, or {@code null} when the
	 * request already has them applied
	 * @param request the request
	 * @return the started call
	 */
	static StartedOperation start(AgentTracer agentTracer, @Nullable ModelProvider provider,
			@Nullable ChatRequestParameters defaults, ChatRequest request) {
		ChatRequestParameters parameters = request.parameters();
		if (defaults != null) {
			parameters = (parameters != null) ? defaults.overrideWith(parameters) : defaults;
		}
		String model = (parameters != null) ? parameters.modelName() : null;
		LlmCallSpec spec = LlmCallSpec.chat(model).provider(providerName(provider));
		StartedOperation call = agentTracer.startLlmCall(spec,
				new LazyArguments(() -> ChatMessages.requestArguments(request.messages())));
		if (parameters != null) {
			setRequestParameters(call, parameters);
		}
		return call;
	}

	/**
	 * End the span with the model's answer.
	 * @param call the call
	 * @param response the answer
	 */
	static void end(StartedOperation call, ChatResponse response) {
		ChatResponseResult result = new ChatResponseResult(response);
		call.result(result);
		call.end(result);
	}

	/**
	 * The conventions' provider name of a LangChain4j provider.
	 * @param provider the provider
	 * @return the name, or {@code null} for {@code OTHER} and unknown providers (the
	 * application's {@code agent.tracing.default-provider} then applies)
	 */
	static @Nullable String providerName(@Nullable ModelProvider provider) {
		if (provider == null) {
			return null;
		}
		return switch (provider.name()) {
			case "OPEN_AI" -> GenAiProviderNames.OPENAI;
			case "AZURE_OPEN_AI" -> GenAiProviderNames.AZURE_AI_OPENAI;
			case "ANTHROPIC", "GOOGLE_VERTEX_AI_ANTHROPIC" -> GenAiProviderNames.ANTHROPIC;
			case "AMAZON_BEDROCK" -> GenAiProviderNames.AWS_BEDROCK;
			case "GOOGLE_AI_GEMINI", "GOOGLE_GENAI" -> GenAiProviderNames.GCP_GEMINI;
			case "GOOGLE_VERTEX_AI_GEMINI" -> GenAiProviderNames.GCP_VERTEX_AI;
			case "MISTRAL_AI" -> GenAiProviderNames.MISTRAL_AI;
			case "WATSONX" -> GenAiProviderNames.IBM_WATSONX_AI;
			case "COHERE" -> GenAiProviderNames.COHERE;
			case "MICROSOFT_FOUNDRY" -> GenAiProviderNames.AZURE_AI_INFERENCE;
			case "OLLAMA" -> "ollama";
			case "GITHUB_MODELS" -> "github";
			case "OTHER" -> null;
			default -> provider.name().toLowerCase(java.util.Locale.ROOT);
		};
	}

	private static void setRequestParameters(StartedOperation call, ChatRequestParameters parameters) {
		if (parameters.temperature() != null) {
			call.setAttribute(GenAiAttributes.REQUEST_TEMPERATURE, parameters.temperature());
		}
		if (parameters.topP() != null) {
			call.setAttribute(GenAiAttributes.REQUEST_TOP_P, parameters.topP());
		}
		if (parameters.topK() != null) {
			call.setAttribute(GenAiAttributes.REQUEST_TOP_K, parameters.topK().doubleValue());
		}
		if (parameters.maxOutputTokens() != null) {
			call.setAttribute(GenAiAttributes.REQUEST_MAX_TOKENS, parameters.maxOutputTokens().longValue());
		}
		if (parameters.frequencyPenalty() != null) {
			call.setAttribute(GenAiAttributes.REQUEST_FREQUENCY_PENALTY, parameters.frequencyPenalty());
		}
		if (parameters.presencePenalty() != null) {
			call.setAttribute(GenAiAttributes.REQUEST_PRESENCE_PENALTY, parameters.presencePenalty());
		}
		List<String> stop = parameters.stopSequences();
		if (stop != null && !stop.isEmpty()) {
			call.setAttribute(GenAiAttributes.REQUEST_STOP_SEQUENCES, List.copyOf(stop));
		}
		if (OPEN_AI_PRESENT) {
			OpenAiParameters.apply(call, parameters);
		}
	}

	/** Only loaded when langchain4j-open-ai is on the class path. */
	private static final class OpenAiParameters {

		static void apply(StartedOperation call, ChatRequestParameters parameters) {
			if (parameters instanceof OpenAiChatRequestParameters openAi && openAi.seed() != null) {
				call.setAttribute(GenAiAttributes.REQUEST_SEED, openAi.seed().longValue());
			}
		}

	}

}
