package dev.agenttracing.springai;

import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Maps the provider names Spring AI reports ({@code AiProvider} values and what other model
 * modules put in their observation context) onto the GenAI conventions'
 * {@code gen_ai.provider.name} values.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class SpringAiProviders {

	private static final Map<String, String> CONVENTION_NAMES = Map.ofEntries(Map.entry("openai", "openai"),
			Map.entry("anthropic", "anthropic"), Map.entry("google_genai", "gcp.gen_ai"),
			Map.entry("vertex_ai", "gcp.vertex_ai"), Map.entry("gemini", "gcp.gemini"),
			Map.entry("bedrock_converse", "aws.bedrock"), Map.entry("bedrock", "aws.bedrock"),
			Map.entry("ollama", "ollama"), Map.entry("azure_openai", "azure.ai.openai"),
			Map.entry("azure-openai", "azure.ai.openai"), Map.entry("mistral_ai", "mistral_ai"),
			Map.entry("mistralai", "mistral_ai"), Map.entry("deepseek", "deepseek"), Map.entry("groq", "groq"),
			Map.entry("perplexity", "perplexity"), Map.entry("ibm_watsonx_ai", "ibm.watsonx.ai"),
			Map.entry("watsonx", "ibm.watsonx.ai"), Map.entry("cohere", "cohere"), Map.entry("xai", "x_ai"));

	private SpringAiProviders() {
	}

	/**
	 * The conventions' provider name for a provider name Spring AI reports.
	 * @param springAiProvider what Spring AI reports, such as {@code bedrock_converse}
	 * @return the conventions' value, such as {@code aws.bedrock}; a name without a mapping is
	 * returned lower-cased, {@code null} for none
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
