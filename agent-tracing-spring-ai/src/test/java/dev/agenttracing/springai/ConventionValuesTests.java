package dev.agenttracing.springai;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring AI's provider names and finish reasons in the conventions' values.
 */
class ConventionValuesTests {

	@ParameterizedTest
	@CsvSource({ "openai, openai", "anthropic, anthropic", "bedrock_converse, aws.bedrock", "vertex_ai, gcp.vertex_ai",
			"google_genai, gcp.gen_ai", "mistral_ai, mistral_ai", "deepseek, deepseek", "ollama, ollama",
			"azure_openai, azure.ai.openai", "OpenAI, openai", "minimax, minimax" })
	void providerNames(String springAi, String conventions) {
		assertThat(SpringAiProviders.conventionName(springAi)).isEqualTo(conventions);
	}

	@ParameterizedTest
	@CsvSource({ "STOP, stop, stop", "TOOL_CALLS, tool_calls, tool_call", "LENGTH, length, length",
			"CONTENT_FILTER, content_filter, content_filter", "end_turn, stop, stop", "tool_use, tool_calls, tool_call",
			"max_tokens, length, length", "refusal, content_filter, content_filter",
			"SAFETY, content_filter, content_filter", "something_new, something_new, something_new" })
	void finishReasons(String springAi, String attribute, String message) {
		assertThat(FinishReasons.of(springAi)).isEqualTo(attribute);
		assertThat(FinishReasons.ofMessage(springAi)).isEqualTo(message);
	}

	@ParameterizedTest
	@CsvSource({ "https://api.openai.com, api.openai.com, 443", "http://127.0.0.1:8080/v1, 127.0.0.1, 8080",
			"http://localhost, localhost, 80" })
	void serverOfABaseUrl(String url, String address, int port) {
		assertThat(ProviderOptions.parse(url)).isEqualTo(new ProviderOptions.Server(address, port));
	}

}
