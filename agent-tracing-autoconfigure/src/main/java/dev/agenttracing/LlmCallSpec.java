package dev.agenttracing;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

import dev.agenttracing.semconv.GenAiAttributes;

/**
 * What describes one model call at its start: the attributes samplers may look at.
 * Request parameters such as temperature are set on {@link AgentTracer#currentLlmCall()}.
 * Immutable; each {@code with}-style method returns a copy.
 *
 * @param operation operation name ({@code chat} unless said otherwise)
 * @param provider provider name or {@code null} for
 * {@code agent.tracing.default-provider}
 * @param model requested model or {@code null} for {@code agent.tracing.default-model}
 * @param serverAddress model server host or {@code null}
 * @param serverPort model server port, or a negative number when unknown
 * @author agent-tracing
 * @since 0.1.0
 */
public record LlmCallSpec(String operation, @Nullable String provider, @Nullable String model,
		@Nullable String serverAddress, int serverPort) {

	public LlmCallSpec {
		Assert.hasText(operation, "'operation' must not be empty");
	}

	/**
	 * A {@code chat} call to the given model.
	 * @param model the requested model, or {@code null} for the default
	 * @return a new spec
	 */
	public static LlmCallSpec chat(@Nullable String model) {
		return new LlmCallSpec(GenAiAttributes.OPERATION_CHAT, null, model, null, -1);
	}

	public LlmCallSpec operation(String operation) {
		return new LlmCallSpec(operation, this.provider, this.model, this.serverAddress, this.serverPort);
	}

	public LlmCallSpec provider(@Nullable String provider) {
		return new LlmCallSpec(this.operation, provider, this.model, this.serverAddress, this.serverPort);
	}

	public LlmCallSpec model(@Nullable String model) {
		return new LlmCallSpec(this.operation, this.provider, model, this.serverAddress, this.serverPort);
	}

	public LlmCallSpec server(@Nullable String address, int port) {
		return new LlmCallSpec(this.operation, this.provider, this.model, address, port);
	}

}
