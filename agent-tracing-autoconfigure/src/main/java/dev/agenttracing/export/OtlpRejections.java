package dev.agenttracing.export;

import io.opentelemetry.exporter.internal.FailedExportException;
import org.springframework.util.ClassUtils;

/**
 * Tells a batch the collector will never take (it answered that the data is bad: HTTP 400,
 * gRPC INVALID_ARGUMENT) from one it may take later (down, timed out, overloaded, or refusing
 * credentials that a configuration change can fix). Only the latter is worth spooling. The
 * exception types are internal to the SDK: any other version or shape counts as "may take
 * later".
 *
 * @author agent-tracing
 */
final class OtlpRejections {

	private static final boolean PRESENT = ClassUtils.isPresent(
			"io.opentelemetry.exporter.internal.FailedExportException", OtlpRejections.class.getClassLoader());

	private static final int HTTP_BAD_REQUEST = 400;

	private static final int GRPC_INVALID_ARGUMENT = 3;

	private OtlpRejections() {
	}

	static boolean isBadData(Throwable failure) {
		return PRESENT && Known.isBadData(failure);
	}

	private static final class Known {

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
