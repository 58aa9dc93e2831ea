package dev.agenttracing.sample.scripted;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The script of the sample's stand-in model: reads a chat completions request the way a
 * real model reads its prompt, and decides the next turn of a trip-planning conversation.
 * First it asks for the weather, then for activities that suit it (both as tool calls
 * with ids), then it answers from the two tool results. Token usage is counted from the
 * request as a provider would (about four characters a token, tool definitions included),
 * and the part of the prompt that repeats the previous turn is reported as served from
 * the prompt cache.
 */
public class ScriptedTripModel {

	/** The model the sample asks for (Spring AI's default OpenAI chat model). */
	static final String MODEL = "gpt-5-mini";

	/** The dated snapshot a real deployment answers with. */
	static final String SNAPSHOT = "gpt-5-mini-2025-08-07";

	private static final List<String> KNOWN_CITIES = List.of("Lisbon", "Paris", "Kyoto", "Atlantis");

	private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	// OpenAI caches prompt prefixes in blocks of 128 tokens.
	private static final int CACHE_BLOCK = 128;

	private final SecureRandom random = new SecureRandom();

	private final JsonMapper json;

	public ScriptedTripModel(JsonMapper json) {
		this.json = json;
	}

	/**
	 * The model's next turn for a request.
	 * @param request the chat completions request body
	 * @return a tool call or the answer, with usage
	 */
	public Turn next(JsonNode request) {
		List<JsonNode> messages = request.path("messages").valueStream().toList();
		String city = destination(firstUserMessage(messages));
		List<String> toolResults = messages.stream()
			.filter((message) -> message.path("role").asString("").equals("tool"))
			.map((message) -> message.path("content").asString(""))
			.toList();
		String responseId = "chatcmpl-" + randomId(24);
		if (toolResults.isEmpty()) {
			ToolCall call = toolCall("get_weather", Map.of("city", city));
			return new Turn(responseId, modelOf(request), null, List.of(call), usage(request, messages, call));
		}
		String weather = forecast(toolResults.get(0));
		if (toolResults.size() == 1) {
			ToolCall call = toolCall("find_activities", Map.of("city", city, "weather", weather));
			return new Turn(responseId, modelOf(request), null, List.of(call), usage(request, messages, call));
		}
		String text = "Trip to " + city + ": " + weather + ". Suggested: " + activities(toolResults.get(1)) + ".";
		return new Turn(responseId, modelOf(request), text, List.of(), usage(request, messages, text.length()));
	}

	private ToolCall toolCall(String name, Map<String, String> arguments) {
		return new ToolCall("call_" + randomId(24), name, this.json.writeValueAsString(arguments));
	}

	private Usage usage(JsonNode request, List<JsonNode> messages, ToolCall call) {
		// A tool call costs its name, its arguments and a few tokens of framing.
		return usage(request, messages, call.name().length() + call.arguments().length() + 24);
	}

	private Usage usage(JsonNode request, List<JsonNode> messages, int outputCharacters) {
		long tools = tokens(request.path("tools").toString());
		long input = tools + messages.stream().mapToLong(this::tokens).sum();
		// The previous turn's prompt is everything before the last assistant message.
		int lastAssistant = -1;
		for (int i = 0; i < messages.size(); i++) {
			if (messages.get(i).path("role").asString("").equals("assistant")) {
				lastAssistant = i;
			}
		}
		long previous = (lastAssistant < 0) ? 0
				: tools + messages.subList(0, lastAssistant).stream().mapToLong(this::tokens).sum();
		// Real OpenAI caches only prompts of 1024 tokens or more; the script leaves that
		// floor out so
		// that a short sample conversation shows cache reads too.
		long cached = (previous / CACHE_BLOCK) * CACHE_BLOCK;
		return new Usage(input, tokens(outputCharacters), cached);
	}

	private long tokens(JsonNode message) {
		// Every message has a few tokens of framing besides its content and tool calls.
		return 4 + tokens(message.path("content").asString("")) + tokens(message.path("tool_calls").toString());
	}

	private static long tokens(String text) {
		return tokens(text.length());
	}

	private static long tokens(int characters) {
		return (characters + 3) / 4;
	}

	private String modelOf(JsonNode request) {
		String model = request.path("model").asString(MODEL);
		return model.equals(MODEL) ? SNAPSHOT : model;
	}

	private static String firstUserMessage(List<JsonNode> messages) {
		return messages.stream()
			.filter((message) -> message.path("role").asString("").equals("user"))
			.map((message) -> message.path("content").asString(""))
			.findFirst()
			.orElse("");
	}

	static String destination(String request) {
		String lower = request.toLowerCase(Locale.ROOT);
		return KNOWN_CITIES.stream()
			.filter((city) -> lower.contains(city.toLowerCase(Locale.ROOT)))
			.findFirst()
			.orElse("Lisbon");
	}

	/**
	 * A tool's result arrives as JSON; a failed tool's as the error text Spring AI hands
	 * over.
	 */
	private String forecast(String toolResult) {
		JsonNode result = parse(toolResult);
		return (result != null && result.isString()) ? result.asString() : "weather unknown";
	}

	private String activities(String toolResult) {
		JsonNode result = parse(toolResult);
		if (result == null || !result.isArray()) {
			return "a walk around town";
		}
		List<String> names = new ArrayList<>();
		result.valueStream().map(JsonNode::asString).forEach(names::add);
		return String.join(", ", names);
	}

	private @Nullable JsonNode parse(String text) {
		try {
			return this.json.readTree(text);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private String randomId(int length) {
		StringBuilder id = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			id.append(ID_ALPHABET.charAt(this.random.nextInt(ID_ALPHABET.length())));
		}
		return id.toString();
	}

	/**
	 * One turn of the model.
	 *
	 * @param responseId the completion's id
	 * @param model the model that answered
	 * @param text the answer, or {@code null} when the turn asks for tool calls
	 * @param toolCalls the tool calls the model asks for
	 * @param usage the turn's token usage
	 */
	public record Turn(String responseId, String model, @Nullable String text, List<ToolCall> toolCalls, Usage usage) {

		String finishReason() {
			return this.toolCalls.isEmpty() ? "stop" : "tool_calls";
		}

	}

	/**
	 * A tool call the model asks for.
	 *
	 * @param id the call's id, which the tool result must quote
	 * @param name the tool's name
	 * @param arguments the arguments, a JSON object as a string
	 */
	public record ToolCall(String id, String name, String arguments) {

	}

	/**
	 * Token usage of one turn.
	 *
	 * @param inputTokens prompt tokens
	 * @param outputTokens completion tokens
	 * @param cachedInputTokens prompt tokens served from the prompt cache
	 */
	public record Usage(long inputTokens, long outputTokens, long cachedInputTokens) {

	}

}
