package dev.agenttracing.aop;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ParameterExpression} on its own: what it evaluates to for a call's arguments,
 * that evaluation only reads, and which mistakes it reports when parsed (from the
 * method's signature) and which it survives when run (a {@code null} on the way).
 */
@ExtendWith(OutputCaptureExtension.class)
class ParameterExpressionTests {

	private static final Method ANSWER = method("answer", Request.class, int.class);

	private static final String[] ANSWER_NAMES = { "request", "attempt" };

	@Test
	void parametersAreReadByNameAndByPosition() {
		Object[] args = { new Request("r-1", new Thread("t-9")), 3 };
		assertThat(parse("#request.thread.id").evaluate(args)).isEqualTo("t-9");
		assertThat(parse("#p0.id").evaluate(args)).isEqualTo("r-1");
		assertThat(parse("#a0.thread.id").evaluate(args)).isEqualTo("t-9");
		assertThat(parse("#attempt").evaluate(args)).isEqualTo("3");
		assertThat(parse("#p1").evaluate(args)).isEqualTo("3");
	}

	@Test
	void instanceMethodsAndOperatorsAreEvaluated() {
		Object[] args = { new Request("r-1", new Thread("t-9")), 3 };
		assertThat(parse("#request.thread.id.toUpperCase()").evaluate(args)).isEqualTo("T-9");
		assertThat(parse("#request.id + '/' + #attempt").evaluate(args)).isEqualTo("r-1/3");
		assertThat(parse("'fixed'").evaluate(args)).isEqualTo("fixed");
	}

	@Test
	void safeNavigationPastNullGivesNull() {
		assertThat(parse("#request.thread?.id").evaluate(new Object[] { new Request("r-1", null), 1 })).isNull();
		assertThat(parse("#request?.id").evaluate(new Object[] { null, 1 })).isNull();
	}

	@Test
	void assignmentIsRefusedButAnInstanceMethodThatWritesStillRuns() {
		Method close = method("close", Ticket.class);
		Ticket ticket = new Ticket();
		ParameterExpression assignment = ParameterExpression.parse("AgentRun", "conversationId", close,
				"#ticket.status = 'closed'", new String[] { "ticket" });
		assertThat(assignment.evaluate(new Object[] { ticket })).isNull();
		assertThat(ticket.getStatus()).isEqualTo("open");
		ParameterExpression setter = ParameterExpression.parse("AgentRun", "sessionId", close,
				"#ticket.setStatus('closed')", new String[] { "ticket" });
		assertThat(setter.evaluate(new Object[] { ticket })).isNull();
		// Instance methods are allowed, so a setter can run: the read-only context stops
		// assignment only.
		assertThat(ticket.getStatus()).isEqualTo("closed");
	}

	@Test
	void typesAndConstructorsAreNotReachable() {
		Object[] args = { new Request("r-1", null), 1 };
		assertThat(parse("T(java.lang.System).getProperty('user.home')").evaluate(args)).isNull();
		assertThat(parse("new java.lang.StringBuilder('x').toString()").evaluate(args)).isNull();
	}

	@Test
	void aNullOnTheWayFailsAtRunTimeWithNullAndOneWarningNamingTheMethod(CapturedOutput output) {
		Method ask = method("ask", Request.class);
		ParameterExpression expression = ParameterExpression.parse("AgentRun", "conversationId", ask,
				"#request.thread.id", new String[] { "request" });
		assertThat(expression.evaluate(new Object[] { new Request("r-1", null) })).isNull();
		assertThat(expression.evaluate(new Object[] { new Request("r-2", null) })).isNull();
		assertThat(expression.evaluate(new Object[] { new Request("r-3", new Thread("t-3")) })).isEqualTo("t-3");
		String warning = "@AgentRun(conversationId = \"#request.thread.id\") on " + Agents.class.getName()
				+ ".ask(Request) failed";
		assertThat(output.getOut().split(Pattern.quote(warning), -1)).hasSize(2);
		assertThat(output.getOut()).contains("Use '?.' to navigate past null values");
	}

	@Test
	void fewerArgumentsThanParametersLeaveTheRestUnset() {
		assertThat(parse("#attempt").evaluate(new Object[] { new Request("r-1", null) })).isNull();
	}

	@Test
	void untypedParametersAreCheckedOnlyAtRunTime() {
		Method handle = method("handle", Object.class, Map.class);
		String[] names = { "payload", "headers" };
		ParameterExpression property = ParameterExpression.parse("AgentRun", "conversationId", handle, "#payload.id",
				names);
		assertThat(property.evaluate(new Object[] { new Request("r-7", null), Map.of() })).isEqualTo("r-7");
		ParameterExpression entry = ParameterExpression.parse("AgentRun", "conversationId", handle,
				"#headers['tenant']", names);
		assertThat(entry.evaluate(new Object[] { null, Map.of("tenant", "acme") })).isEqualTo("acme");
	}

	@Test
	void unknownVariableIsReportedWithTheParametersWhenParsed() {
		assertThatExceptionOfType(InvalidTracingExpressionException.class).isThrownBy(() -> parse("#reqest.id"))
			.withMessage("@AgentRun(conversationId = \"#reqest.id\") on " + Agents.class.getName()
					+ ".answer(Request, int) cannot work: '#reqest' is not a parameter of the method; its parameters"
					+ " are [request, attempt] (or #p0, #p1... by position; names need the -parameters compiler flag)")
			.satisfies((ex) -> {
				assertThat(ex.getAnnotation()).isEqualTo("AgentRun");
				assertThat(ex.getAttribute()).isEqualTo("conversationId");
				assertThat(ex.getExpression()).isEqualTo("#reqest.id");
				assertThat(ex.getMethod()).isEqualTo(Agents.class.getName() + ".answer(Request, int)");
			});
		assertThatExceptionOfType(InvalidTracingExpressionException.class).isThrownBy(() -> parse("#p2"))
			.withMessageContaining("'#p2' is not a parameter");
	}

	@Test
	void unknownPropertyIsReportedWithTheKnownOnesWhenParsed() {
		assertThatExceptionOfType(InvalidTracingExpressionException.class).isThrownBy(() -> parse("#request.thred.id"))
			.satisfies((ex) -> assertThat(ex.getReason())
				.isEqualTo(Request.class.getName() + " has no property 'thred'; it has [id, thread]"));
		assertThatExceptionOfType(InvalidTracingExpressionException.class)
			.isThrownBy(() -> parse("#request.thread.name"))
			.satisfies((ex) -> assertThat(ex.getReason())
				.isEqualTo(Thread.class.getName() + " has no property 'name'; it has [id]"));
	}

	@Test
	void unknownMethodIsReportedWhenParsed() {
		assertThatExceptionOfType(InvalidTracingExpressionException.class)
			.isThrownBy(() -> parse("#request.id.shout()"))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo("java.lang.String has no public method 'shout'"));
	}

	@Test
	void syntaxErrorIsReportedWhenParsed() {
		assertThatExceptionOfType(InvalidTracingExpressionException.class).isThrownBy(() -> parse("#request.id."))
			.satisfies((ex) -> {
				assertThat(ex.getExpression()).isEqualTo("#request.id.");
				assertThat(ex.getCause()).isInstanceOf(org.springframework.expression.ParseException.class);
			});
	}

	private static ParameterExpression parse(String expression) {
		return ParameterExpression.parse("AgentRun", "conversationId", ANSWER, expression, ANSWER_NAMES);
	}

	private static Method method(String name, Class<?>... types) {
		Method method = ReflectionUtils.findMethod(Agents.class, name, types);
		assertThat(method).isNotNull();
		return method;
	}

	record Request(String id, @Nullable Thread thread) {
	}

	record Thread(String id) {
	}

	static class Ticket {

		private String status = "open";

		public String getStatus() {
			return this.status;
		}

		public void setStatus(String status) {
			this.status = status;
		}

	}

	static class Agents {

		String answer(Request request, int attempt) {
			return request.id() + attempt;
		}

		String ask(Request request) {
			return request.id();
		}

		String close(Ticket ticket) {
			return ticket.getStatus();
		}

		String handle(Object payload, Map<String, String> headers) {
			return payload.toString();
		}

	}

}
