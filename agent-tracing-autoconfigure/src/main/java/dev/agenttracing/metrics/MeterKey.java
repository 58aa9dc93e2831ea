package dev.agenttracing.metrics;

import org.jspecify.annotations.Nullable;

/**
 * The raw values that pick an operation's meters. Its own {@code equals} and
 * {@code hashCode}: compared on every recorded operation, most of whose values are the
 * same instances call after call.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
record MeterKey(String operationName, @Nullable String provider, @Nullable String requestModel,
		@Nullable String responseModel, @Nullable String errorType) {

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof MeterKey key && same(this.operationName, key.operationName)
				&& same(this.provider, key.provider) && same(this.requestModel, key.requestModel)
				&& same(this.responseModel, key.responseModel) && same(this.errorType, key.errorType));
	}

	@Override
	public int hashCode() {
		int hash = this.operationName.hashCode();
		hash = 31 * hash + hashOf(this.provider);
		hash = 31 * hash + hashOf(this.requestModel);
		hash = 31 * hash + hashOf(this.responseModel);
		return 31 * hash + hashOf(this.errorType);
	}

	private static boolean same(@Nullable String a, @Nullable String b) {
		return a == b || (a != null && a.equals(b));
	}

	private static int hashOf(@Nullable String value) {
		return (value != null) ? value.hashCode() : 0;
	}

}
