package dev.agenttracing.aop;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A traced method's arguments by parameter name, in order, read-only, leaving out one
 * position ({@code skip}, or none when negative). It is built on every traced call but
 * read only when content is recorded, so the entries are made on first access: a call
 * without content recording pays for this one small object, not for a map. It reads the
 * call's own argument array, which content recording reads before the call proceeds.
 *
 * @author agent-tracing
 */
final class ArgumentMap extends AbstractMap<String, @Nullable Object> {

	private final String[] names;

	private final @Nullable Object[] args;

	private final int skip;

	private @Nullable Set<Entry<String, @Nullable Object>> entries;

	ArgumentMap(String[] names, @Nullable Object[] args, int skip) {
		this.names = names;
		this.args = args;
		this.skip = skip;
	}

	@Override
	public Set<Entry<String, @Nullable Object>> entrySet() {
		Set<Entry<String, @Nullable Object>> entries = this.entries;
		if (entries == null) {
			Map<String, @Nullable Object> arguments = new LinkedHashMap<>();
			for (int i = 0; i < this.args.length && i < this.names.length; i++) {
				if (i != this.skip) {
					arguments.put(this.names[i], this.args[i]);
				}
			}
			entries = Collections.unmodifiableMap(arguments).entrySet();
			this.entries = entries;
		}
		return entries;
	}

}
