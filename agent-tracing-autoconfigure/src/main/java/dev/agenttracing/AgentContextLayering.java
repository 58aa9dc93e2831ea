package dev.agenttracing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.support.TracingFaults;

/**
 * Layers one scope of an {@link AgentContext} over the enclosing one: tags are appended
 * and metadata replaces the enclosing value for the same key, both bounded; the three ids
 * are reserved, so an enclosing scope's id wins (and a warning is logged once).
 *
 * @author agent-tracing
 */
final class AgentContextLayering {

	private AgentContextLayering() {
	}

	static AgentContext layer(AgentContext outer, @Nullable String userId, @Nullable String sessionId,
			@Nullable String conversationId, List<String> innerTags, Map<String, String> innerMetadata) {
		String user = reserved("user id", outer.userId(), userId);
		String session = reserved("session id", outer.sessionId(), sessionId);
		String conversation = reserved("conversation id", outer.conversationId(), conversationId);
		List<String> mergedTags = outer.tags();
		if (!innerTags.isEmpty()) {
			Set<String> tags = new LinkedHashSet<>(outer.tags());
			for (String tag : innerTags) {
				if (tags.size() >= AgentContext.MAX_TAGS) {
					TracingFaults.notice("agent-context-tags", "An AgentContext has more than " + AgentContext.MAX_TAGS
							+ " tags; further tags are ignored");
					break;
				}
				tags.add(tag);
			}
			mergedTags = List.copyOf(tags);
		}
		Map<String, String> mergedMetadata = outer.metadata();
		if (!innerMetadata.isEmpty()) {
			Map<String, String> metadata = new LinkedHashMap<>(outer.metadata());
			for (Map.Entry<String, String> entry : innerMetadata.entrySet()) {
				if (metadata.size() >= AgentContext.MAX_METADATA && !metadata.containsKey(entry.getKey())) {
					TracingFaults.notice("agent-context-metadata", "An AgentContext has more than "
							+ AgentContext.MAX_METADATA + " metadata entries; further entries are ignored");
					break;
				}
				metadata.put(entry.getKey(), entry.getValue());
			}
			mergedMetadata = Collections.unmodifiableMap(metadata);
		}
		if (user == outer.userId() && session == outer.sessionId() && conversation == outer.conversationId()
				&& mergedTags == outer.tags() && mergedMetadata == outer.metadata()) {
			return outer;
		}
		return new AgentContext(user, session, conversation, mergedTags, mergedMetadata);
	}

	private static @Nullable String reserved(String name, @Nullable String outer, @Nullable String inner) {
		if (outer == null) {
			return inner;
		}
		if (inner != null && !inner.equals(outer)) {
			TracingFaults.notice("agent-context-" + name, "An AgentContext scope tried to change the " + name
					+ " set by an enclosing scope; the ids are reserved, so the enclosing value is kept");
		}
		return outer;
	}

}
