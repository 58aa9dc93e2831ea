package dev.agenttracing.springai;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

import dev.agenttracing.semconv.GenAiMetrics;

/**
 * Denies Spring AI's {@code gen_ai.client.token.usage} counter, which agent-tracing's
 * histogram of the same name replaces: one name, two meter types (and a {@code total}
 * token type the conventions do not have) would merge into one meaningless series. Every
 * other Spring AI meter, and agent-tracing's histogram, pass.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class SpringAiTokenUsageCounterFilter implements MeterFilter {

	/** The name both Spring AI's counter and agent-tracing's histogram use. */
	public static final String TOKEN_USAGE = GenAiMetrics.TOKEN_USAGE;

	@Override
	public MeterFilterReply accept(Meter.Id id) {
		return (id.getType() == Meter.Type.COUNTER && TOKEN_USAGE.equals(id.getName())) ? MeterFilterReply.DENY
				: MeterFilterReply.NEUTRAL;
	}

}
