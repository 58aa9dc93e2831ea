package dev.agenttracing.autoconfigure;

import java.util.List;
import java.util.function.UnaryOperator;

import io.micrometer.tracing.exporter.SpanExportingPredicate;
import io.micrometer.tracing.exporter.SpanFilter;
import io.micrometer.tracing.otel.bridge.CompositeSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.ClassUtils;

/**
 * The application's Micrometer {@link SpanExportingPredicate} and {@link SpanFilter}
 * beans, which Boot applies to every exporter of its batch processor, applied to
 * agent-tracing's own destinations too, in the same way (Micrometer's
 * {@link CompositeSpanExporter}): a span the application leaves out, or a tag it scrubs,
 * is left out or scrubbed in the trace files as well. Only when there are such beans:
 * otherwise a destination gets the SDK's spans without the copy to Micrometer's
 * {@code FinishedSpan} and back.
 *
 * @author agent-tracing
 */
final class ApplicationSpanFilters {

	private static final boolean BRIDGE_PRESENT = ClassUtils.isPresent(
			"io.micrometer.tracing.otel.bridge.CompositeSpanExporter", ApplicationSpanFilters.class.getClassLoader());

	private ApplicationSpanFilters() {
	}

	static UnaryOperator<SpanExporter> of(ObjectProvider<SpanExportingPredicate> predicates,
			ObjectProvider<SpanFilter> filters) {
		List<SpanExportingPredicate> predicateList = predicates.orderedStream().toList();
		List<SpanFilter> filterList = filters.orderedStream().toList();
		if (!BRIDGE_PRESENT || (predicateList.isEmpty() && filterList.isEmpty())) {
			return UnaryOperator.identity();
		}
		return Bridge.composite(predicateList, filterList);
	}

	// Loaded only when Micrometer's OpenTelemetry bridge is present.
	private static final class Bridge {

		static UnaryOperator<SpanExporter> composite(List<SpanExportingPredicate> predicates,
				List<SpanFilter> filters) {
			return (exporter) -> new CompositeSpanExporter(List.of(exporter), predicates, List.of(), filters);
		}

	}

}
