package dev.agenttracing.springai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.agenttracing.springai.ScriptedModelServer.Reply;

import static dev.agenttracing.springai.ScriptedModelServer.toJson;

/**
 * OpenAI chat completions as the OpenAI API sends them: a completion, a stream of chunks
 * with a final usage chunk ({@code stream_options.include_usage}), an error body.
 */
final class OpenAiWire {

	static final String RESPONSE_MODEL = "gpt-4o-mini-2024-07-18";

	private OpenAiWire() {
	}

	static Reply toolCall(String id, String callId, String tool, String arguments, int input, int output, int cached) {
		Map<String, Object> call = Map.of("id", callId, "type", "function", "function",
				Map.of("name", tool, "arguments", arguments));
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("role", "assistant");
		message.put("content", null);
		message.put("refusal", null);
		message.put("tool_calls", List.of(call));
		return Reply.json(200, completion(id, message, "tool_calls", input, output, cached));
	}

	static Reply text(String id, String text, int input, int output) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("role", "assistant");
		message.put("content", text);
		message.put("refusal", null);
		return Reply.json(200, completion(id, message, "stop", input, output, 0));
	}

	static Reply error(int status, String type) {
		return Reply.json(status, toJson(Map.of("error", Map.of("message", "scripted " + status, "type", type))));
	}

	static Reply streamToolCall(String id, String callId, String tool, String arguments, int input, int output) {
		List<String> events = new ArrayList<>();
		events.add(chunk(id, Map.of("role", "assistant", "tool_calls", List.of(Map.of("index", 0, "id", callId, "type",
				"function", "function", Map.of("name", tool, "arguments", "")))), null));
		events.add(chunk(id,
				Map.of("tool_calls", List.of(Map.of("index", 0, "function", Map.of("arguments", arguments)))), null));
		events.add(chunk(id, Map.of(), "tool_calls"));
		events.add(usageChunk(id, input, output));
		events.add("data: [DONE]");
		return Reply.sse(events);
	}

	static Reply streamText(String id, List<String> pieces, int input, int output) {
		return Reply.sse(streamTextEvents(id, pieces, input, output));
	}

	/** The first piece at once, the rest when {@code gate} opens. */
	static Reply streamText(String id, List<String> pieces, int input, int output, CountDownLatch gate) {
		return Reply.sse(streamTextEvents(id, pieces, input, output), 1, gate);
	}

	private static List<String> streamTextEvents(String id, List<String> pieces, int input, int output) {
		List<String> events = new ArrayList<>();
		boolean first = true;
		for (String piece : pieces) {
			events
				.add(chunk(id, first ? Map.of("role", "assistant", "content", piece) : Map.of("content", piece), null));
			first = false;
		}
		events.add(chunk(id, Map.of(), "stop"));
		events.add(usageChunk(id, input, output));
		events.add("data: [DONE]");
		return events;
	}

	private static String completion(String id, Map<String, Object> message, String finishReason, int input, int output,
			int cached) {
		Map<String, Object> choice = new LinkedHashMap<>();
		choice.put("index", 0);
		choice.put("message", message);
		choice.put("logprobs", null);
		choice.put("finish_reason", finishReason);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", id);
		body.put("object", "chat.completion");
		body.put("created", 1_700_000_000);
		body.put("model", RESPONSE_MODEL);
		body.put("choices", List.of(choice));
		body.put("usage", usage(input, output, cached));
		return toJson(body);
	}

	private static Map<String, Object> usage(int input, int output, int cached) {
		Map<String, Object> usage = new LinkedHashMap<>();
		usage.put("prompt_tokens", input);
		usage.put("completion_tokens", output);
		usage.put("total_tokens", input + output);
		usage.put("prompt_tokens_details", Map.of("cached_tokens", cached));
		return usage;
	}

	private static String chunk(String id, Map<String, Object> delta, String finishReason) {
		Map<String, Object> choice = new LinkedHashMap<>();
		choice.put("index", 0);
		choice.put("delta", delta);
		choice.put("logprobs", null);
		choice.put("finish_reason", finishReason);
		return "data: " + toJson(chunkBody(id, List.of(choice), null));
	}

	private static String usageChunk(String id, int input, int output) {
		return "data: " + toJson(chunkBody(id, List.of(), usage(input, output, 0)));
	}

	private static Map<String, Object> chunkBody(String id, List<Object> choices, Map<String, Object> usage) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", id);
		body.put("object", "chat.completion.chunk");
		body.put("created", 1_700_000_000);
		body.put("model", RESPONSE_MODEL);
		body.put("choices", choices);
		body.put("usage", usage);
		return body;
	}

}
