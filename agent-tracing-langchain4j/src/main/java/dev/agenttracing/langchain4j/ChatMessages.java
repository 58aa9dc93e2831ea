package dev.agenttracing.langchain4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import org.jspecify.annotations.Nullable;

/**
 * Turns LangChain4j's chat messages into the shape of the GenAI conventions' messages
 * ({@code role} and {@code parts}: text, {@code tool_call}, {@code tool_call_response}),
 * which agent-tracing's content recorder serializes and redacts. Only called when content
 * is recorded.
 *
 * @author agent-tracing
 */
final class ChatMessages {

	// LangChain4j brings Jackson 2; tool arguments arrive as the model's JSON text.
	private static final ObjectMapper json = new ObjectMapper();

	private ChatMessages() {
	}

	/**
	 * The request as the content recorder's LLM arguments: {@code system} and
	 * {@code messages}.
	 * @param messages the request's messages
	 * @return the arguments by name
	 */
	static Map<String, @Nullable Object> requestArguments(List<ChatMessage> messages) {
		StringBuilder system = new StringBuilder();
		List<Map<String, Object>> others = new ArrayList<>(messages.size());
		for (ChatMessage message : messages) {
			if (message instanceof SystemMessage systemMessage) {
				if (!system.isEmpty()) {
					system.append('\n');
				}
				system.append(systemMessage.text());
			}
			else {
				others.add(message(message));
			}
		}
		Map<String, @Nullable Object> arguments = new LinkedHashMap<>();
		if (!system.isEmpty()) {
			arguments.put("system", system.toString());
		}
		arguments.put("messages", others);
		return arguments;
	}

	static Map<String, Object> message(ChatMessage message) {
		if (message instanceof UserMessage user) {
			return message("user", userParts(user));
		}
		if (message instanceof AiMessage ai) {
			return message("assistant", aiParts(ai));
		}
		if (message instanceof ToolExecutionResultMessage result) {
			Map<String, Object> part = new LinkedHashMap<>();
			part.put("type", "tool_call_response");
			if (result.id() != null) {
				part.put("id", result.id());
			}
			part.put("response", String.valueOf(result.text()));
			return message("tool", List.of(part));
		}
		if (message instanceof SystemMessage system) {
			return message("system", List.of(text(system.text())));
		}
		return message(message.type().name().toLowerCase(java.util.Locale.ROOT), List.of(text(message.toString())));
	}

	static List<Map<String, Object>> aiParts(AiMessage ai) {
		List<Map<String, Object>> parts = new ArrayList<>();
		if (ai.text() != null) {
			parts.add(text(ai.text()));
		}
		if (ai.hasToolExecutionRequests()) {
			for (ToolExecutionRequest request : ai.toolExecutionRequests()) {
				Map<String, Object> part = new LinkedHashMap<>();
				part.put("type", "tool_call");
				if (request.id() != null) {
					part.put("id", request.id());
				}
				part.put("name", request.name());
				part.put("arguments", arguments(request.arguments()));
				parts.add(part);
			}
		}
		return parts;
	}

	/**
	 * A tool call's arguments: the model's JSON object as a map, or the text itself when
	 * it is not one.
	 * @param arguments the JSON text
	 * @return the arguments
	 */
	static Object arguments(@Nullable String arguments) {
		if (arguments == null || arguments.isBlank()) {
			return Map.of();
		}
		try {
			Object value = json.readValue(arguments, Object.class);
			return (value != null) ? value : Map.of();
		}
		catch (Exception ex) {
			return arguments;
		}
	}

	private static List<Map<String, Object>> userParts(UserMessage user) {
		List<Map<String, Object>> parts = new ArrayList<>();
		for (Content content : user.contents()) {
			if (content instanceof TextContent text) {
				parts.add(text(text.text()));
			}
			else {
				// Media is not recorded: only its kind.
				Map<String, Object> part = new LinkedHashMap<>();
				part.put("type", content.type().name().toLowerCase(java.util.Locale.ROOT));
				parts.add(part);
			}
		}
		return parts;
	}

	private static Map<String, Object> message(String role, List<Map<String, Object>> parts) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("role", role);
		message.put("parts", parts);
		return message;
	}

	private static Map<String, Object> text(String text) {
		Map<String, Object> part = new LinkedHashMap<>();
		part.put("type", "text");
		part.put("content", text);
		return part;
	}

}
