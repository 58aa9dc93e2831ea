package dev.agenttracing.springai;

import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.semconv.GenAiProviderNames;

/**
 * Maps the provider names Spring AI reports ({@code AiProvider} values and what other
 * model modules put in their observation context) onto the GenAI conventions'
 * {@code gen_ai.provider.name} values.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class SpringAiProviders {

	private static final Map<String, String> CONVENTION_NAMES = Map.ofEntries(
			Map.entry("openai", GenAiProviderNames.OPENAI), Map.entry("anthropic", GenAiProviderNames.ANTHROPIC),
			Map.entry("google_genai", GenAiProviderNames.GCP_GEN_AI),
			Map.entry("vertex_ai", GenAiProviderNames.GCP_VERTEX_AI),
			Map.entry("gemini", GenAiProviderNames.GCP_GEMINI),
			Map.entry("bedrock_converse", GenAiProviderNames.AWS_BEDROCK),
			Map.entry("bedrock", GenAiProviderNames.AWS_BEDROCK), Map.entry("ollama", "ollama"),
			Map.entry("azure_openai", GenAiProviderNames.AZURE_AI_OPENAI),
			Map.entry("azure-openai", GenAiProviderNames.AZURE_AI_OPENAI),
			Map.entry("mistral_ai", GenAiProviderNames.MISTRAL_AI),
			Map.entry("mistralai", GenAiProviderNames.MISTRAL_AI), Map.entry("deepseek", GenAiProviderNames.DEEPSEEK),
			Map.entry("groq", GenAiProviderNames.GROQ), Map.entry("perplexity", GenAiProviderNames.PERPLEXITY),
			Map.entry("ibm_watsonx_ai", GenAiProviderNames.IBM_WATSONX_AI),
			Map.entry("watsonx", GenAiProviderNames.IBM_WATSONX_AI), Map.entry("cohere", GenAiProviderNames.COHERE),
			Map.entry("xai", GenAiProviderNames.X_AI));

	private SpringAiProviders() {
	}

	/**
	 * The conventions' provider name for a provider name Spring AI reports.
	 * @param springAiProvider what Spring AI reports, such as {@code bedrock_converse}
	 * @return the conventions' value, such as {@code aws.bedrock}; a name without a
	 * mapping is returned lower-cased, {@code null} for none
	 */
	public static @Nullable String conventionName(@Nullable String springAiProvider) {
		if (springAiProvider == null || springAiProvider.isBlank()) {
			return null;
		}
		String key = springAiProvider.trim().toLowerCase(Locale.ROOT);
		String name = CONVENTION_NAMES.get(key);
		return (name != null) ? name : key;
	}

}
