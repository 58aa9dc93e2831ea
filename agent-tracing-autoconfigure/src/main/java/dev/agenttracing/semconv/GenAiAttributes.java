package dev.agenttracing.semconv;

import java.util.List;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Every span attribute key agent-tracing writes, declared once. The {@code gen_ai.*},
 * {@code error.*} and {@code server.*} keys follow the OpenTelemetry GenAI semantic
 * conventions v1.41.0 (see {@link #SCHEMA_URL}); keys the conventions lack use the
 * {@code agent_tracing.} prefix.
 * <p>
 * The keys are copied rather than taken from {@code opentelemetry-semconv-incubating}, as
 * the semantic-conventions-java README advises for library instrumentation: its GenAI
 * constants are deprecated from 1.42 on.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class GenAiAttributes {

	/** Schema URL of the semantic conventions these keys follow. */
	public static final String SCHEMA_URL = "https://opentelemetry.io/schemas/1.41.0";

	/** Name of the instrumentation scope all agent-tracing spans belong to. */
	public static final String INSTRUMENTATION_SCOPE = "dev.agenttracing";

	// Operations (values of gen_ai.operation.name)

	/** {@code gen_ai.operation.name} value of an agent run. */
	public static final String OPERATION_INVOKE_AGENT = "invoke_agent";

	/** {@code gen_ai.operation.name} value of a tool execution. */
	public static final String OPERATION_EXECUTE_TOOL = "execute_tool";

	/** {@code gen_ai.operation.name} value of a chat completion. */
	public static final String OPERATION_CHAT = "chat";

	/** Default {@code gen_ai.tool.type}: a function executed by the application. */
	public static final String TOOL_TYPE_FUNCTION = "function";

	// Common

	public static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");

	public static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");

	/**
	 * {@code gen_ai.provider.name} of an agent run that names no provider (nor does
	 * {@code agent.tracing.default-provider}) and whose LLM calls name none: the
	 * attribute is required on {@code invoke_agent}, and an honest "not known" beats a
	 * guess.
	 */
	public static final String PROVIDER_UNKNOWN = "unknown";

	public static final AttributeKey<String> CONVERSATION_ID = AttributeKey.stringKey("gen_ai.conversation.id");

	/**
	 * {@code user.id} (OpenTelemetry {@code user} registry): the user an agent run acts
	 * for.
	 */
	public static final AttributeKey<String> USER_ID = AttributeKey.stringKey("user.id");

	/** {@code session.id} (OpenTelemetry {@code session} registry). */
	public static final AttributeKey<String> SESSION_ID = AttributeKey.stringKey("session.id");

	public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

	/**
	 * {@code error.type} of a failure whose type is not known (the conventions'
	 * fallback).
	 */
	public static final String ERROR_TYPE_OTHER = "_OTHER";

	public static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");

	public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");

	// Agent

	public static final AttributeKey<String> AGENT_ID = AttributeKey.stringKey("gen_ai.agent.id");

	public static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");

	public static final AttributeKey<String> AGENT_DESCRIPTION = AttributeKey.stringKey("gen_ai.agent.description");

	public static final AttributeKey<String> AGENT_VERSION = AttributeKey.stringKey("gen_ai.agent.version");

	// Tool

	public static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");

	public static final AttributeKey<String> TOOL_DESCRIPTION = AttributeKey.stringKey("gen_ai.tool.description");

	public static final AttributeKey<String> TOOL_TYPE = AttributeKey.stringKey("gen_ai.tool.type");

	public static final AttributeKey<String> TOOL_CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");

	// Inference request

	public static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");

	public static final AttributeKey<Long> REQUEST_MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");

	public static final AttributeKey<Long> REQUEST_CHOICE_COUNT = AttributeKey.longKey("gen_ai.request.choice.count");

	public static final AttributeKey<Long> REQUEST_SEED = AttributeKey.longKey("gen_ai.request.seed");

	public static final AttributeKey<Double> REQUEST_TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");

	public static final AttributeKey<Double> REQUEST_TOP_P = AttributeKey.doubleKey("gen_ai.request.top_p");

	/** {@code gen_ai.request.top_k}: a double in v1.41.0. */
	public static final AttributeKey<Double> REQUEST_TOP_K = AttributeKey.doubleKey("gen_ai.request.top_k");

	public static final AttributeKey<Double> REQUEST_FREQUENCY_PENALTY = AttributeKey
		.doubleKey("gen_ai.request.frequency_penalty");

	public static final AttributeKey<Double> REQUEST_PRESENCE_PENALTY = AttributeKey
		.doubleKey("gen_ai.request.presence_penalty");

	public static final AttributeKey<List<String>> REQUEST_STOP_SEQUENCES = AttributeKey
		.stringArrayKey("gen_ai.request.stop_sequences");

	public static final AttributeKey<Boolean> REQUEST_STREAM = AttributeKey.booleanKey("gen_ai.request.stream");

	// Inference response

	public static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");

	public static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");

	public static final AttributeKey<List<String>> RESPONSE_FINISH_REASONS = AttributeKey
		.stringArrayKey("gen_ai.response.finish_reasons");

	public static final AttributeKey<Double> RESPONSE_TIME_TO_FIRST_CHUNK = AttributeKey
		.doubleKey("gen_ai.response.time_to_first_chunk");

	// Usage

	public static final AttributeKey<Long> USAGE_INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");

	public static final AttributeKey<Long> USAGE_OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");

	public static final AttributeKey<Long> USAGE_CACHE_READ_INPUT_TOKENS = AttributeKey
		.longKey("gen_ai.usage.cache_read.input_tokens");

	public static final AttributeKey<Long> USAGE_CACHE_CREATION_INPUT_TOKENS = AttributeKey
		.longKey("gen_ai.usage.cache_creation.input_tokens");

	public static final AttributeKey<Long> USAGE_REASONING_OUTPUT_TOKENS = AttributeKey
		.longKey("gen_ai.usage.reasoning.output_tokens");

	// Content (opt-in; JSON strings on spans)

	public static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");

	public static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");

	public static final AttributeKey<String> SYSTEM_INSTRUCTIONS = AttributeKey.stringKey("gen_ai.system_instructions");

	public static final AttributeKey<String> TOOL_CALL_ARGUMENTS = AttributeKey.stringKey("gen_ai.tool.call.arguments");

	public static final AttributeKey<String> TOOL_CALL_RESULT = AttributeKey.stringKey("gen_ai.tool.call.result");

	// Exception event (general semantic conventions); the message and stack trace are
	// redacted

	/** Name of the span event that records an exception. */
	public static final String EXCEPTION_EVENT = "exception";

	public static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");

	public static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");

	public static final AttributeKey<String> EXCEPTION_STACKTRACE = AttributeKey.stringKey("exception.stacktrace");

	// Our own, where the conventions have nothing

	/**
	 * {@code agent_tracing.agent.nested}: whether an {@code invoke_agent} span runs
	 * inside another agent run (a subagent). Mirrors {@code gen_ai.invocation.is_nested}
	 * from the unreleased GenAI conventions, so backends can list top-level runs only.
	 */
	public static final AttributeKey<Boolean> AGENT_NESTED = AttributeKey.booleanKey("agent_tracing.agent.nested");

	/**
	 * {@code agent_tracing.cancelled}: set to {@code true} when the operation's future or
	 * stream was cancelled. Cancellation is not an error.
	 */
	public static final AttributeKey<Boolean> CANCELLED = AttributeKey.booleanKey("agent_tracing.cancelled");

	/**
	 * {@code agent_tracing.usage.cost}: cost of an LLM call, or of a whole agent run
	 * (subagents included), from {@code agent.tracing.pricing}.
	 */
	public static final AttributeKey<Double> COST = AttributeKey.doubleKey("agent_tracing.usage.cost");

	/**
	 * {@code agent_tracing.usage.cost.currency}: currency of {@link #COST}, e.g.
	 * {@code USD}.
	 */
	public static final AttributeKey<String> COST_CURRENCY = AttributeKey
		.stringKey("agent_tracing.usage.cost.currency");

	/**
	 * {@code agent_tracing.tags}: the tags of the run's {@code AgentContext}, on the
	 * {@code invoke_agent} span.
	 */
	public static final AttributeKey<List<String>> TAGS = AttributeKey.stringArrayKey("agent_tracing.tags");

	/**
	 * Prefix of the run's {@code AgentContext} metadata on the {@code invoke_agent} span.
	 */
	public static final String METADATA_PREFIX = "agent_tracing.metadata.";

	/**
	 * {@code agent_tracing.sampling.linked}: set on an agent run that was recorded inside
	 * a trace the application did not sample, so it started a trace of its own with a
	 * link to the caller's span.
	 */
	public static final AttributeKey<Boolean> SAMPLING_LINKED = AttributeKey
		.booleanKey("agent_tracing.sampling.linked");

	/**
	 * The key of one metadata entry of the run's {@code AgentContext}.
	 * @param key the metadata key
	 * @return {@code agent_tracing.metadata.<key>}
	 */
	public static AttributeKey<String> metadata(String key) {
		return AttributeKey.stringKey(METADATA_PREFIX + key);
	}

	private GenAiAttributes() {
	}

}
