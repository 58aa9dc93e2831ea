package dev.agenttracing.content;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.agenttracing.support.TracingFaults;
import dev.agenttracing.redact.Redactor;

/**
 * Turns the content of agent runs, LLM calls and tools into span attribute values:
 * serialized to JSON with Jackson, redacted, shaped as the GenAI conventions' messages
 * and cut to the size budget. Every method returns {@code null} when there is nothing to
 * record or the value could not be made safe (fail closed): the attribute is then left
 * out, never recorded raw.
 * <p>
 * Whether content is recorded at all is decided by the caller ({@link #isEnabled()} is
 * the application default); exception messages go through {@link #redactText(String)}
 * whatever it says.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class ContentRecorder {

	/** Default size budget of one attribute value, in characters. */
	public static final int DEFAULT_MAX_LENGTH = 16 * 1024;

	/** Smallest size budget: room for a message's JSON frame and a truncation marker. */
	public static final int MIN_MAX_LENGTH = 64;

	private static final String ROLE_USER = "user";

	private static final String ROLE_ASSISTANT = "assistant";

	private final boolean enabled;

	private final int maxLength;

	private final Redactor redactor;

	private final JsonValues values;

	private final JsonBudget budget;

	private final LlmCallContent llmCalls;

	// One instance, so that what is computed with it can be recognised and reused.
	private final Function<String, @Nullable String> textRedaction = this::redactText;

	ContentRecorder(Redactor redactor, boolean enabled, int maxLength, @Nullable JsonMapper jsonMapper,
			List<LlmContentExtractor> extractors) {
		this.enabled = enabled;
		this.maxLength = maxLength;
		this.redactor = redactor;
		this.values = new JsonValues((jsonMapper != null) ? jsonMapper : new JsonMapper(), maxLength);
		this.budget = new JsonBudget(maxLength);
		this.llmCalls = new LlmCallContent(extractors);
	}

	/**
	 * Start building a recorder that redacts with the given redactor.
	 * @param redactor the redactor
	 * @return a builder
	 */
	public static ContentRecorderBuilder builder(Redactor redactor) {
		return new ContentRecorderBuilder(redactor);
	}

	/**
	 * Whether content is recorded by default (agents can say otherwise).
	 * @return whether content recording is on
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * The size budget of one attribute value, in characters.
	 * @return the maximum length
	 */
	public int maxLength() {
		return this.maxLength;
	}

	/**
	 * The redactor that every value goes through.
	 * @return the redactor
	 */
	public Redactor redactor() {
		return this.redactor;
	}

	/**
	 * {@code gen_ai.input.messages}: the input as messages; a text or other value becomes
	 * one {@code user} message.
	 * @param input the input
	 * @return the attribute value, or {@code null}
	 */
	public @Nullable String inputMessages(@Nullable Object input) {
		return (input != null) ? record("input messages",
				() -> Messages.messages(redacted(this.values.toTree(input)), ROLE_USER, false)) : null;
	}

	/**
	 * {@code gen_ai.output.messages}: the output as messages; a text or other value
	 * becomes one {@code assistant} message with finish reason {@code stop}.
	 * @param output the output
	 * @return the attribute value, or {@code null}
	 */
	public @Nullable String outputMessages(@Nullable Object output) {
		return (output != null) ? record("output messages",
				() -> Messages.messages(redacted(this.values.toTree(output)), ROLE_ASSISTANT, true)) : null;
	}

	/**
	 * {@code gen_ai.system_instructions}: a text or list of texts as an array of parts.
	 * @param instructions the system instructions
	 * @return the attribute value, or {@code null}
	 */
	public @Nullable String systemInstructions(@Nullable Object instructions) {
		return (instructions != null)
				? record("system instructions", () -> Messages.parts(redacted(this.values.toTree(instructions))))
				: null;
	}

	/**
	 * The content of an LLM request, from the call's arguments by parameter name (see
	 * {@link LlmCallContent#request(Map)}: extractors first, then names like
	 * {@code system}, then the only argument or list).
	 * @param arguments the arguments by parameter name, in order
	 * @return the system instructions and input messages attribute values, each possibly
	 * {@code null}
	 */
	public LlmRequestContent llmRequest(Map<String, ? extends @Nullable Object> arguments) {
		LlmCallContent.Request request = this.llmCalls.request(arguments);
		return new LlmRequestContent(systemInstructions(request.systemInstructions()),
				inputMessages(request.messages()));
	}

	/**
	 * {@code gen_ai.output.messages} of an LLM call: from what the call's result reported
	 * (an {@code LlmResult}'s content), an {@link LlmContentExtractor}, or the value
	 * itself (a text or messages), with the given finish reason or {@code stop}.
	 * @param value the call's result
	 * @param reported the answer the result reported, or {@code null} when it was not
	 * read as an {@code LlmResult}
	 * @param finishReason the first finish reason the result reported, or {@code null}
	 * @return the attribute value, or {@code null}
	 */
	public @Nullable String llmOutputMessages(Object value, @Nullable LlmContent reported,
			@Nullable String finishReason) {
		Object output = this.llmCalls.output(value, reported);
		if (output == null) {
			return null;
		}
		String reason = (finishReason != null) ? finishReason : Messages.FINISH_REASON_STOP;
		return record("output messages",
				() -> Messages.messages(redacted(this.values.toTree(output)), ROLE_ASSISTANT, reason));
	}

	/**
	 * {@code gen_ai.tool.call.arguments}: a JSON object keyed by parameter name.
	 * @param arguments the arguments by parameter name, in order
	 * @return the attribute value, or {@code null}
	 */
	public @Nullable String toolArguments(Map<String, ? extends @Nullable Object> arguments) {
		return record("tool call arguments", () -> redacted(this.values.toTree(arguments)));
	}

	/**
	 * {@code gen_ai.tool.call.result}: the result as JSON.
	 * @param result the tool's result
	 * @return the attribute value, or {@code null}
	 */
	public @Nullable String toolResult(@Nullable Object result) {
		return record("tool call result", () -> redacted(this.values.toTree(result)));
	}

	/**
	 * {@link #redactText(String)} as a function; always the same instance.
	 * @return the text redaction
	 */
	public Function<String, @Nullable String> textRedaction() {
		return this.textRedaction;
	}

	/**
	 * Redact a plain text, such as an exception message or stack trace, and cut it to the
	 * size budget. Used whether or not content recording is on.
	 * @param text the text
	 * @return the redacted text, or {@code null} when it could not be redacted
	 */
	public @Nullable String redactText(@Nullable String text) {
		if (text == null) {
			return null;
		}
		try {
			String redacted = new TreeRedaction(this.redactor.session(), this.maxLength).text(text);
			return (redacted.length() <= this.maxLength) ? redacted
					: redacted.substring(0, Math.max(0, this.maxLength - TreeRedaction.TRUNCATED.length()))
							+ TreeRedaction.TRUNCATED;
		}
		catch (Throwable ex) {
			TracingFaults.report("redacting an exception message (it was left out)", ContentFaults.withoutMessages(ex));
			return null;
		}
	}

	/**
	 * Redact a JSON tree and write it within the size budget. For extensions that build
	 * their own message trees.
	 * @param tree the tree
	 * @return the attribute value, or {@code null} when it could not be redacted
	 */
	public @Nullable String write(JsonNode tree) {
		return record("content", () -> redacted(tree));
	}

	/**
	 * Serialize any value to a JSON tree, unredacted, with markers for what has no JSON
	 * form. Pass the result (or a tree built from it) to {@link #write(JsonNode)}.
	 * @param value the value
	 * @return the tree
	 */
	public JsonNode toTree(@Nullable Object value) {
		return this.values.toTree(value);
	}

	private JsonNode redacted(JsonNode tree) {
		// Four times the budget is redacted at most; the rest would be cut anyway.
		return new TreeRedaction(this.redactor.session(), this.maxLength * 4).redact(tree);
	}

	private @Nullable String record(String what, TreeSupplier tree) {
		try {
			return this.budget.write(tree.get());
		}
		catch (Throwable ex) {
			TracingFaults.report("recording " + what + " (the attribute was left out)",
					ContentFaults.withoutMessages(ex));
			return null;
		}
	}

	/**
	 * The content attributes of an LLM request.
	 *
	 * @param systemInstructions {@code gen_ai.system_instructions}, or {@code null}
	 * @param inputMessages {@code gen_ai.input.messages}, or {@code null}
	 */
	public record LlmRequestContent(@Nullable String systemInstructions, @Nullable String inputMessages) {
	}

	@FunctionalInterface
	private interface TreeSupplier {

		JsonNode get();

	}

}
