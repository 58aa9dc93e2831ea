package dev.agenttracing.sample.scripted;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scripted model served on its own, as the macro benchmark runs it in a process of
 * its own: it writes its base URL whole, answers at once, and plays the same script over
 * real HTTP.
 */
class ScriptedOpenAiServerStandaloneTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void servesTheScriptAndWritesItsBaseUrl(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("model.url");
		ScriptedOpenAiServer server = ScriptedOpenAiServer.serve(file);
		try {
			String baseUrl = Files.readString(file);
			assertThat(baseUrl).isEqualTo(server.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+/v1");
			assertThat(directory.resolve("model.url.tmp")).doesNotExist();
			String body = """
					{"model":"gpt-5-mini","messages":[{"role":"user","content":"A weekend in Paris?"}],
					"tools":[{"type":"function","function":{"name":"get_weather","parameters":{}}}]}""";
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode choice = this.json.readTree(response.body()).path("choices").path(0);
			assertThat(choice.path("finish_reason").asString()).isEqualTo("tool_calls");
			JsonNode call = choice.path("message").path("tool_calls").path(0);
			assertThat(call.path("function").path("name").asString()).isEqualTo("get_weather");
			assertThat(call.path("function").path("arguments").asString()).isEqualTo("{\"city\":\"Paris\"}");
		}
		finally {
			server.stop();
		}
	}

}
