package dev.agenttracing.content;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.agenttracing.redact.PiiCorpus;
import dev.agenttracing.redact.Redactor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ContentRecorder}.
 *
 * @author agent-tracing
 */
class ContentRecorderTests {

	private final JsonMapper json = new JsonMapper();

	private final ContentRecorder recorder = ContentRecorder.builder(redactor()).enabled(true).build();

	@Test
	void textInputIsOneUserMessageWithATextPart() {
		assertThat(this.recorder.inputMessages("Weather in Paris?"))
			.isEqualTo("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Weather in Paris?\"}]}]");
	}

	@Test
	void outputHasAFinishReason() {
		assertThat(this.recorder.outputMessages("Rainy."))
			.isEqualTo("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Rainy.\"}],"
					+ "\"finish_reason\":\"stop\"}]");
	}

	@Test
	void listsOfChatMessagesKeepTheirRoles() {
		List<Map<String, Object>> messages = List.of(Map.of("role", "system", "content", "Be brief."),
				Map.of("role", "user", "content", List.of(Map.of("type", "text", "text", "Hi jane@example.com"))));
		JsonNode shaped = this.json.readTree(this.recorder.inputMessages(messages));
		assertThat(shaped.get(0).get("role").asString()).isEqualTo("system");
		assertThat(shaped.get(0).get("parts").get(0).get("content").asString()).isEqualTo("Be brief.");
		assertThat(shaped.get(1).get("parts").get(0).get("content").asString()).isEqualTo("Hi [REDACTED:email]");
	}

	@Test
	void systemInstructionsAreABareArrayOfParts() {
		assertThat(this.recorder.systemInstructions("You are a travel agent."))
			.isEqualTo("[{\"type\":\"text\",\"content\":\"You are a travel agent.\"}]");
	}

	@Test
	void toolArgumentsAreAnObjectKeyedByParameterNameWithNestedValuesRedacted() {
		Map<String, Object> arguments = new LinkedHashMap<>();
		arguments.put("city", "Paris");
		arguments.put("traveller", new Traveller("Jane", "jane.doe@example.com", "+49 30 1234567"));
		arguments.put("apiKey", "plain-looking-value");
		arguments.put("card", 4111111111111111L);
		arguments.put("nested", Map.of("login", Map.of("password", List.of("a", "b"), "order", "ORD-2024-000123")));
		String recorded = this.recorder.toolArguments(arguments);
		assertThat(recorded).startsWith("{\"city\":\"Paris\",\"traveller\":{")
			.contains("\"email\":\"[REDACTED:email]\"", "\"phone\":\"[REDACTED:phone]\"",
					"\"apiKey\":\"[REDACTED:apikey]\"", "\"card\":\"[REDACTED:payment_card]\"",
					"\"password\":\"[REDACTED:password]\"", "ORD-2024-000123")
			.doesNotContain("jane.doe", "1234567", "plain-looking-value", "4111");
		assertThat(this.json.readTree(recorded).isObject()).isTrue();
	}

	@Test
	void corpusInNestedJsonIsFullyRedactedAndNearMissesSurvive() {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("prose", PiiCorpus.PROSE);
		document.put("values", PiiCorpus.SENSITIVE);
		document.put("deep", Map.of("a", Map.of("b", List.of(Map.of("c", PiiCorpus.SENSITIVE)))));
		document.put("nearMisses", PiiCorpus.NEAR_MISSES);
		String recorded = ContentRecorder.builder(redactor()).maxLength(1_000_000).build().toolResult(document);
		for (String value : PiiCorpus.SENSITIVE) {
			assertThat(recorded).doesNotContain(value);
		}
		for (String value : PiiCorpus.CONTEXTUAL) {
			assertThat(recorded).doesNotContain(value);
		}
		for (String value : PiiCorpus.NEAR_MISSES) {
			assertThat(recorded).contains(value);
		}
	}

	@Test
	void whatCannotBeSerializedBecomesATypeMarker() {
		Node cycle = new Node();
		cycle.children.add(cycle);
		Map<String, Object> arguments = new LinkedHashMap<>();
		arguments.put("bytes", new byte[42]);
		arguments.put("stream", new ByteArrayInputStream(new byte[1]));
		arguments.put("lazy", Stream.of(1, 2));
		arguments.put("cycle", cycle);
		arguments.put("opaque", new Object());
		Map<String, Object> selfMap = new LinkedHashMap<>();
		selfMap.put("self", selfMap);
		arguments.put("selfMap", selfMap);
		arguments.put("holder", new Holder(new byte[3]));
		assertThat(this.recorder.toolArguments(arguments))
			.isEqualTo("{\"bytes\":\"[binary: 42 bytes]\"," + "\"stream\":\"[stream: java.io.ByteArrayInputStream]\","
					+ "\"lazy\":\"[stream: java.util.stream.ReferencePipeline$Head]\","
					+ "\"cycle\":\"[unserializable: dev.agenttracing.content.ContentRecorderTests$Node]\","
					+ "\"opaque\":\"[unserializable: java.lang.Object]\","
					+ "\"selfMap\":{\"self\":\"[cycle: java.util.LinkedHashMap]\"},"
					+ "\"holder\":{\"data\":\"[binary: 3 bytes]\"}}");
	}

	@Test
	void sizeBudgetTruncatesWithAMarkerAndKeepsTheJsonValid() {
		ContentRecorder small = ContentRecorder.builder(redactor()).maxLength(200).build();
		List<String> lines = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			lines.add("line " + i + " of a long answer");
		}
		for (Object value : List.of("x".repeat(10_000), lines, Map.of("text", "y".repeat(5_000)))) {
			String recorded = small.outputMessages(value);
			assertThat(recorded).hasSizeLessThanOrEqualTo(200).contains("[truncated]");
			assertThat(this.json.readTree(recorded).isArray()).isTrue();
		}
		String arguments = small.toolArguments(Map.of("items", lines));
		assertThat(arguments).hasSizeLessThanOrEqualTo(200).contains("[truncated]");
		assertThat(this.json.readTree(arguments).isObject()).isTrue();
	}

	@Test
	void aValueCutBeforeRedactionLeavesNoFragmentOfASensitiveValue() {
		ContentRecorder small = ContentRecorder.builder(redactor()).maxLength(100).build();
		// The cut (at four times the budget) falls inside the last e-mail address.
		String text = "-----BEGIN PRIVATE KEY-----" + "A".repeat(380) + " jane.doe@example.com";
		String recorded = small.toolResult(text);
		assertThat(recorded).doesNotContain("jane", "doe").contains("[truncated]");
	}

	@Test
	void failsClosedWhenARedactorThrows() {
		ContentRecorder failing = ContentRecorder.builder(Redactor.builder().redactors(List.of((text) -> {
			throw new IllegalStateException(text);
		})).build()).build();
		assertThat(failing.toolArguments(Map.of("city", "Paris"))).isNull();
		assertThat(failing.inputMessages("Hi")).isNull();
		assertThat(failing.redactText("boom")).isNull();
	}

	record Traveller(String name, String email, String phone) {
	}

	record Holder(byte[] data) {
	}

	static class Node {

		public List<Node> children = new ArrayList<>();

	}

	// What is tested here is what is recorded, not how fast: a generous redaction
	// deadline keeps
	// a loaded machine (a parallel build) from dropping values these tests expect.
	private static Redactor redactor() {
		return Redactor.builder().timeout(Duration.ofSeconds(10)).build();
	}

}
