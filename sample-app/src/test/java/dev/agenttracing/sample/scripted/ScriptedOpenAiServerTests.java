package dev.agenttracing.sample.scripted;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.support.ToolCallbacks;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's scripted model as Spring AI's OpenAI client sees it, over real HTTP: a
 * tool-call turn with call ids, then the answer; the same as server-sent events with a
 * final usage chunk; and usage that grows with the conversation, part of it from the
 * prompt cache.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ScriptedOpenAiServerTests {

	private static final String CALL_ID = "call_[A-Za-z0-9]{24}";

	private final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	private ChatClient.Builder chatClient;

	@Autowired
	private ChatModel chatModel;

	@Autowired
	private Environment environment;

	@Test
	void springAiIsPointedAtTheLoopbackServerWithNoKey() {
		assertThat(this.environment.getProperty("spring.ai.openai.base-url")).matches("http://127\\.0\\.0\\.1:\\d+/v1");
		assertThat(this.environment.getProperty("spring.ai.openai.api-key")).isEmpty();
	}

	@Test
	void chatClientRunsBothToolsAndAnswersFromTheirResults() {
		TripTools tools = new TripTools();
		String reply = this.chatClient.build().prompt().user("A weekend in Paris?").tools(tools).call().content();
		assertThat(reply).isEqualTo("Trip to Paris: rainy, 14°C. Suggested: Louvre, Musée d'Orsay.");
		assertThat(tools.calls).containsExactly("get_weather(Paris)", "find_activities(Paris, rainy, 14°C)");
	}

	@Test
	void streamedChatClientRunsTheSameTurns() {
		TripTools tools = new TripTools();
		List<String> chunks = this.chatClient.build()
			.prompt()
			.user("Kyoto in spring")
			.tools(tools)
			.stream()
			.content()
			.collectList()
			.block();
		assertThat(chunks).hasSizeGreaterThan(5);
		assertThat(String.join("", chunks)).isEqualTo("Trip to Kyoto: cloudy, 19°C. Suggested: Fushimi Inari.");
		assertThat(tools.calls).containsExactly("get_weather(Kyoto)", "find_activities(Kyoto, cloudy, 19°C)");
	}

	@Test
	void firstTurnAsksForAToolCallWithAnIdAndReportsUsage() {
		OpenAiChatOptions options = OpenAiChatOptions.builder()
			.toolCallbacks(ToolCallbacks.from(new TripTools()))
			.build();
		ChatResponse response = this.chatModel.call(new Prompt("A weekend in Paris?", options));
		AssistantMessage message = response.getResult().getOutput();
		assertThat(message.getToolCalls()).singleElement().satisfies((call) -> {
			assertThat(call.id()).matches(CALL_ID);
			assertThat(call.name()).isEqualTo("get_weather");
			assertThat(this.json.readTree(call.arguments())).isEqualTo(this.json.readTree("{\"city\":\"Paris\"}"));
		});
		assertThat(response.getResult().getMetadata().getFinishReason()).isEqualToIgnoringCase("tool_calls");
		assertThat(response.getMetadata().getModel()).isEqualTo("gpt-5-mini-2025-08-07");
		assertThat(response.getMetadata().getUsage().getPromptTokens()).isBetween(50, 400);
		assertThat(response.getMetadata().getUsage().getCompletionTokens()).isBetween(5, 40);
		assertThat(response.getMetadata().getUsage().getCacheReadInputTokens()).isZero();
	}

	@Test
	void laterTurnsReadThePreviousPromptFromTheCacheOverTheWire() throws Exception {
		String tools = "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\""
				+ "x".repeat(600) + "\",\"parameters\":{\"type\":\"object\"}}}]";
		String first = "{\"model\":\"gpt-5-mini\",\"tools\":" + tools
				+ ",\"messages\":[{\"role\":\"user\",\"content\":\"Lisbon\"}]}";
		JsonNode turn1 = post(first);
		JsonNode call = turn1.get("choices").get(0).get("message").get("tool_calls").get(0);
		assertThat(call.get("id").asString()).matches(CALL_ID);
		assertThat(turn1.get("choices").get(0).get("finish_reason").asString()).isEqualTo("tool_calls");
		String second = "{\"model\":\"gpt-5-mini\",\"tools\":" + tools
				+ ",\"messages\":[{\"role\":\"user\",\"content\":\"Lisbon\"},{\"role\":\"assistant\",\"tool_calls\":["
				+ call + "]},{\"role\":\"tool\",\"tool_call_id\":\"" + call.get("id").asString()
				+ "\",\"content\":\"\\\"sunny, 24°C\\\"\"}]}";
		JsonNode turn2 = post(second);
		JsonNode usage1 = turn1.get("usage");
		JsonNode usage2 = turn2.get("usage");
		assertThat(usage1.get("prompt_tokens").asLong()).isGreaterThan(150);
		assertThat(usage1.get("prompt_tokens_details").get("cached_tokens").asLong()).isZero();
		assertThat(usage2.get("prompt_tokens").asLong()).isGreaterThan(usage1.get("prompt_tokens").asLong());
		long cached = usage2.get("prompt_tokens_details").get("cached_tokens").asLong();
		assertThat(cached).isPositive().isLessThanOrEqualTo(usage1.get("prompt_tokens").asLong());
		assertThat(cached % 128).isZero();
		assertThat(usage2.get("total_tokens").asLong())
			.isEqualTo(usage2.get("prompt_tokens").asLong() + usage2.get("completion_tokens").asLong());
	}

	@Test
	void streamEndsWithAUsageChunkThenDone() throws Exception {
		HttpResponse<String> response = send("{\"model\":\"gpt-5-mini\",\"stream\":true,"
				+ "\"messages\":[{\"role\":\"user\",\"content\":\"Paris\"}]}");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
		List<String> events = List.of(response.body().split("\n\n"));
		assertThat(events.get(events.size() - 1)).isEqualTo("data: [DONE]");
		JsonNode usage = this.json.readTree(events.get(events.size() - 2).substring("data: ".length()));
		assertThat(usage.get("choices")).isEmpty();
		assertThat(usage.get("usage").get("prompt_tokens").asLong()).isPositive();
		JsonNode first = this.json.readTree(events.get(0).substring("data: ".length()));
		assertThat(first.get("object").asString()).isEqualTo("chat.completion.chunk");
		assertThat(first.get("choices").get(0).get("delta").get("tool_calls").get(0).get("id").asString())
			.matches(CALL_ID);
	}

	private JsonNode post(String body) throws Exception {
		HttpResponse<String> response = send(body);
		assertThat(response.statusCode()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	private HttpResponse<String> send(String body) throws Exception {
		URI uri = URI.create(this.environment.getProperty("spring.ai.openai.base-url") + "/chat/completions");
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(uri)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** The sample's two tools, recording how the model called them. */
	static class TripTools {

		final List<String> calls = new CopyOnWriteArrayList<>();

		@Tool(name = "get_weather", description = "Current weather for a city")
		public String weather(String city) {
			this.calls.add("get_weather(" + city + ")");
			return Map.of("Paris", "rainy, 14°C", "Kyoto", "cloudy, 19°C").get(city);
		}

		@Tool(name = "find_activities", description = "Activities that suit the weather")
		public List<String> activities(String city, String weather) {
			this.calls.add("find_activities(" + city + ", " + weather + ")");
			return city.equals("Paris") ? List.of("Louvre", "Musée d'Orsay") : List.of("Fushimi Inari");
		}

	}

}
