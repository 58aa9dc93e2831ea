package dev.agenttracing.semconv;

/**
 * The well-known {@code gen_ai.provider.name} values of the GenAI conventions v1.41.0,
 * declared once for every integration that maps its framework's provider names onto them.
 * Values the conventions lack (such as {@code ollama}) stay with the integration that
 * uses them.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class GenAiProviderNames {

	public static final String OPENAI = "openai";

	public static final String GCP_GEN_AI = "gcp.gen_ai";

	public static final String GCP_VERTEX_AI = "gcp.vertex_ai";

	public static final String GCP_GEMINI = "gcp.gemini";

	public static final String ANTHROPIC = "anthropic";

	public static final String COHERE = "cohere";

	public static final String AZURE_AI_INFERENCE = "azure.ai.inference";

	public static final String AZURE_AI_OPENAI = "azure.ai.openai";

	public static final String IBM_WATSONX_AI = "ibm.watsonx.ai";

	public static final String AWS_BEDROCK = "aws.bedrock";

	public static final String PERPLEXITY = "perplexity";

	public static final String X_AI = "x_ai";

	public static final String DEEPSEEK = "deepseek";

	public static final String GROQ = "groq";

	public static final String MISTRAL_AI = "mistral_ai";

	private GenAiProviderNames() {
	}

}
