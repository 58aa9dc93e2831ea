package dev.agenttracing.springai;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.opentelemetry.context.Context;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;

/**
 * Records, when a {@code ChatClient} call starts, the OpenTelemetry context its caller
 * has current (an agent run, its {@code AgentContext}). The model calls and tools of a
 * streamed call run later on Reactor threads that do not carry it; they find it here
 * through their parent observations (see {@link ObservationParents}). Creates no span and
 * no meter.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public class ChatClientCallerContextHandler implements ObservationHandler<ChatClientObservationContext> {

	@Override
	public void onStart(ChatClientObservationContext context) {
		context.put(ObservationParents.CallerContext.class, new ObservationParents.CallerContext(Context.current()));
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ChatClientObservationContext;
	}

}
