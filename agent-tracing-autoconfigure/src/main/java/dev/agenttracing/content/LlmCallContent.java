package dev.agenttracing.content;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.support.TracingFaults;

/**
 * Finds the content of an LLM call before it is recorded: which of the call's arguments
 * are its system instructions and which its input messages, and what of its result is the
 * output. An argument or result an {@link LlmContentExtractor} understands is read by the
 * extractor; the rest goes by parameter name and shape.
 *
 * @author agent-tracing
 */
final class LlmCallContent {

	private static final Set<String> SYSTEM_NAMES = Set.of("system", "systemprompt", "systemmessage",
			"systeminstructions", "instructions");

	private final List<LlmContentExtractor> extractors;

	LlmCallContent(List<LlmContentExtractor> extractors) {
		this.extractors = List.copyOf(extractors);
	}

	/**
	 * The system instructions and input messages among a call's arguments: an argument an
	 * extractor understands gives both; an argument named like {@code system},
	 * {@code systemPrompt} or {@code instructions} gives the system instructions; the
	 * other arguments are the input messages (a single one, else the only list among
	 * them, else all of them as one user message).
	 * @param arguments the arguments by parameter name, in order
	 * @return the values found, unredacted
	 */
	Request request(Map<String, ? extends @Nullable Object> arguments) {
		Object system = null;
		Object extractedMessages = null;
		Map<String, Object> others = new LinkedHashMap<>();
		for (Map.Entry<String, ? extends @Nullable Object> argument : arguments.entrySet()) {
			Object value = argument.getValue();
			if (value == null) {
				continue;
			}
			LlmContent extracted = extract(value);
			if (extracted != null) {
				system = (extracted.systemInstructions() != null) ? extracted.systemInstructions() : system;
				extractedMessages = (extracted.messages() != null) ? extracted.messages() : extractedMessages;
			}
			else if (isSystemName(argument.getKey())) {
				system = value;
			}
			else {
				others.put(argument.getKey(), value);
			}
		}
		Object messages = (extractedMessages != null) ? extractedMessages : pickMessages(others);
		return new Request(system, messages);
	}

	/**
	 * The output of a call: the answer its result reported, else what an extractor reads
	 * from the value, else the value itself.
	 * @param value the call's result
	 * @param reported the answer the result reported, or {@code null} when it was not
	 * read as an {@code LlmResult}
	 * @return the output, unredacted, or {@code null} for none
	 */
	@Nullable Object output(Object value, @Nullable LlmContent reported) {
		LlmContent answer = (reported != null) ? reported : extract(value);
		return (answer != null) ? answer.messages() : value;
	}

	private @Nullable LlmContent extract(Object value) {
		for (LlmContentExtractor extractor : this.extractors) {
			try {
				LlmContent content = extractor.extract(value);
				if (content != null) {
					return content;
				}
			}
			catch (Throwable ex) {
				TracingFaults.report("reading LLM content with " + extractor.getClass().getName(),
						ContentFaults.withoutMessages(ex));
			}
		}
		return null;
	}

	private static boolean isSystemName(String name) {
		String normalized = name.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
		return SYSTEM_NAMES.contains(normalized);
	}

	private static @Nullable Object pickMessages(Map<String, Object> arguments) {
		if (arguments.isEmpty()) {
			return null;
		}
		if (arguments.size() == 1) {
			return arguments.values().iterator().next();
		}
		Object list = null;
		for (Object value : arguments.values()) {
			if (value instanceof Collection<?> || value.getClass().isArray()) {
				if (list != null) {
					return arguments;
				}
				list = value;
			}
		}
		return (list != null) ? list : arguments;
	}

	/**
	 * The content found among a call's arguments.
	 *
	 * @param systemInstructions the system instructions, or {@code null}
	 * @param messages the input messages, or {@code null}
	 */
	record Request(@Nullable Object systemInstructions, @Nullable Object messages) {

	}

}
