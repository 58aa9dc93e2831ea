package dev.agenttracing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.semconv.GenAiAttributes;

/**
 * The span attributes of one {@link AgentContext} under one redaction, made once per
 * context and redaction: the three ids for every span, everything for the
 * {@code invoke_agent} span.
 *
 * @param redaction the redaction they were made with
 * @param identity {@code user.id}, {@code session.id} and {@code gen_ai.conversation.id}
 * @param run the ids, tags and metadata
 * @author agent-tracing
 */
record AgentContextAttributes(Function<String, @Nullable String> redaction, Attributes identity, Attributes run) {

	static AgentContextAttributes of(AgentContext context, Function<String, @Nullable String> redaction) {
		AttributesBuilder identity = Attributes.builder();
		put(identity, GenAiAttributes.USER_ID, context.userId(), redaction);
		put(identity, GenAiAttributes.SESSION_ID, context.sessionId(), redaction);
		put(identity, GenAiAttributes.CONVERSATION_ID, context.conversationId(), redaction);
		Attributes identityAttributes = identity.build();
		AttributesBuilder run = identityAttributes.toBuilder();
		if (!context.tags().isEmpty()) {
			List<String> tags = new ArrayList<>(context.tags().size());
			for (String tag : context.tags()) {
				String redacted = redaction.apply(tag);
				if (redacted != null) {
					tags.add(redacted);
				}
			}
			run.put(GenAiAttributes.TAGS, tags);
		}
		context.metadata().forEach((key, value) -> put(run, GenAiAttributes.metadata(key), value, redaction));
		return new AgentContextAttributes(redaction, identityAttributes, run.build());
	}

	private static void put(AttributesBuilder builder, AttributeKey<String> key, @Nullable String value,
			Function<String, @Nullable String> redaction) {
		if (value != null) {
			String redacted = redaction.apply(value);
			if (redacted != null) {
				builder.put(key, redacted);
			}
		}
	}

}
