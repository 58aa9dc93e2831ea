package dev.agenttracing.springai;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.observation.Observation;

import org.springframework.ai.chat.observation.ChatModelMeterObservationHandler;

/**
 * Takes the place of Spring AI's token counter handler and handles nothing. Spring AI's
 * chat observation auto-configuration creates its
 * {@link ChatModelMeterObservationHandler} only when the application has none, so this
 * bean keeps it out: agent-tracing's {@code gen_ai.client.token.usage} histogram replaces
 * the counter it records. Denying the counter with a meter filter alone (see
 * {@link SpringAiTokenUsageCounterFilter}, still there for Spring AI's other models) left
 * every model call building three meter ids only to have them denied: about a sixth of a
 * chat observation's cost.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class InactiveChatModelMeterObservationHandler extends ChatModelMeterObservationHandler {

	/**
	 * Create the handler. It never records: the registry it hands to Spring AI's
	 * constructor is never used.
	 */
	public InactiveChatModelMeterObservationHandler() {
		super(Metrics.globalRegistry);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return false;
	}

}
