package dev.agenttracing.mcp;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The request methods whose spans name a target, and how to read the target from raw
 * params.
 *
 * @author agent-tracing
 */
final class McpMethods {

	static final String INITIALIZE = "initialize";

	static final String TOOLS_CALL = "tools/call";

	static final String PROMPTS_GET = "prompts/get";

	static final String RESOURCES_READ = "resources/read";

	private McpMethods() {
	}

	/**
	 * The low-cardinality target of a span name: the tool or prompt name.
	 */
	static @Nullable String target(String method, @Nullable Map<String, Object> params) {
		if (params != null && (TOOLS_CALL.equals(method) || PROMPTS_GET.equals(method))
				&& params.get("name") instanceof String name) {
			return name;
		}
		return null;
	}

	static String spanName(String method, @Nullable String target) {
		return (target != null) ? method + " " + target : method;
	}

}
