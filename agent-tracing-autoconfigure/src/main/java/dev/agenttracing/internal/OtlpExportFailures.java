package dev.agenttracing.internal;

import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.HttpResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * The one adapter to the OTLP exporters' failure type, {@code FailedExportException},
 * which is internal to the OpenTelemetry SDK (no public API tells what the endpoint
 * answered). It reads the status an endpoint answered with (HTTP 4xx/5xx, a gRPC status):
 * the one thing that tells a rejected API key (401, UNAUTHENTICATED) from bad data (400,
 * INVALID_ARGUMENT) or an overloaded collector (503). The type is touched only when it is
 * present and any mismatch with it (another SDK version) gives "unknown": a bare type
 * name, and "may take later". {@code OtlpExportFailuresTests} fails when the SDK changes
 * it.
 *
 * @author agent-tracing
 */
public final class OtlpExportFailures {

	private static final boolean PRESENT = ClassUtils.isPresent(
			"io.opentelemetry.exporter.internal.FailedExportException", OtlpExportFailures.class.getClassLoader());

	private static final int HTTP_BAD_REQUEST = 400;

	private static final int GRPC_INVALID_ARGUMENT = 3;

	private OtlpExportFailures() {
	}

	/**
	 * What the endpoint answered, for the health and endpoint details: the status code
	 * only (a response's message or body is the server's text and is left out).
	 * @param failure an export's failure
	 * @return e.g. "the endpoint answered HTTP 401", or {@code null} when not an OTLP
	 * answer
	 */
	public static @Nullable String describe(Throwable failure) {
		return PRESENT ? Known.describe(failure) : null;
	}

	/**
	 * Whether the collector said the data is bad (HTTP 400, gRPC INVALID_ARGUMENT): a
	 * batch it will never take, unlike one refused while it is down, overloaded or
	 * refusing credentials that a configuration change can fix. Only the latter is worth
	 * spooling.
	 * @param failure an export's failure
	 * @return whether the batch can never be delivered
	 */
	public static boolean isBadData(Throwable failure) {
		return PRESENT && Known.isBadData(failure);
	}

	// Loaded only when the SDK's type is present.
	private static final class Known {

		static @Nullable String describe(Throwable failure) {
			try {
				if (failure instanceof FailedExportException.HttpExportException http) {
					HttpResponse response = http.getResponse();
					return (response != null) ? "the endpoint answered HTTP " + response.getStatusCode() : null;
				}
				if (failure instanceof FailedExportException.GrpcExportException grpc) {
					GrpcResponse response = grpc.getResponse();
					return (response != null) ? "the endpoint answered gRPC status "
							+ response.getStatusCode().getValue() + " " + response.getStatusCode() : null;
				}
			}
			catch (LinkageError ex) {
				// Another SDK version: the type name alone has to do.
			}
			return null;
		}

		static boolean isBadData(Throwable failure) {
			try {
				if (failure instanceof FailedExportException.HttpExportException http) {
					return http.getResponse() != null && http.getResponse().getStatusCode() == HTTP_BAD_REQUEST;
				}
				if (failure instanceof FailedExportException.GrpcExportException grpc) {
					return grpc.getResponse() != null
							&& grpc.getResponse().getStatusCode().getValue() == GRPC_INVALID_ARGUMENT;
				}
			}
			catch (LinkageError ex) {
				// Another SDK version: spool it, the resend will tell.
			}
			return false;
		}

	}

}
