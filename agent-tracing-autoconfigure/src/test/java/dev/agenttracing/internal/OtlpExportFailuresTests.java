package dev.agenttracing.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adapter to the SDK's internal {@code FailedExportException}, against the real
 * OTLP/HTTP exporter and a real endpoint on 127.0.0.1: fails when the SDK changes how it
 * reports what the endpoint answered.
 */
class OtlpExportFailuresTests {

	private HttpServer server;

	private volatile int status;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop(0);
		}
	}

	@Test
	void badDataIsTheOneAnswerNotWorthSpooling() throws IOException {
		start();
		Throwable badData = failureFor(400);
		assertThat(OtlpExportFailures.describe(badData)).isEqualTo("the endpoint answered HTTP 400");
		assertThat(OtlpExportFailures.isBadData(badData)).isTrue();
		Throwable unauthorized = failureFor(401);
		assertThat(OtlpExportFailures.describe(unauthorized)).isEqualTo("the endpoint answered HTTP 401");
		assertThat(OtlpExportFailures.isBadData(unauthorized)).isFalse();
		assertThat(OtlpExportFailures.isBadData(failureFor(503))).isFalse();
	}

	@Test
	void otherFailuresAreUnknown() {
		IllegalStateException other = new IllegalStateException("boom");
		assertThat(OtlpExportFailures.describe(other)).isNull();
		assertThat(OtlpExportFailures.isBadData(other)).isFalse();
	}

	private void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/v1/traces", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(this.status, -1);
			exchange.close();
		});
		this.server.start();
	}

	private Throwable failureFor(int status) {
		this.status = status;
		try (OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
			.setEndpoint("http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1/traces")
			.setRetryPolicy(null)
			.build()) {
			CompletableResultCode result = exporter.export(List.of(span()));
			result.join(10, TimeUnit.SECONDS);
			assertThat(result.isSuccess()).isFalse();
			assertThat(result.getFailureThrowable()).isNotNull();
			return result.getFailureThrowable();
		}
	}

	private static SpanData span() {
		return TestSpanData.builder()
			.setName("chat gpt-4o")
			.setKind(SpanKind.CLIENT)
			.setSpanContext(SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
					TraceFlags.getSampled(), TraceState.getDefault()))
			.setStartEpochNanos(1)
			.setEndEpochNanos(2)
			.setAttributes(Attributes.empty())
			.setStatus(StatusData.unset())
			.setHasEnded(true)
			.setTotalRecordedEvents(0)
			.setTotalRecordedLinks(0)
			.build();
	}

}
