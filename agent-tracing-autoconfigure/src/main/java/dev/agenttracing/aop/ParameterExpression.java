package dev.agenttracing.aop;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanUtils;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.CompoundExpression;
import org.springframework.expression.spel.ast.MethodReference;
import org.springframework.expression.spel.ast.PropertyOrFieldReference;
import org.springframework.expression.spel.ast.VariableReference;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;
import org.springframework.util.ReflectionUtils;

import dev.agenttracing.support.TracingFaults;

/**
 * A SpEL expression in an annotation attribute, over the parameters of the annotated
 * method (by name, or {@code #p0}/{@code #a0} by position), such as
 * {@code @AgentRun(conversationId = "#request.sessionId")} or
 * {@code @LlmCall(model = "#request.model")}. Checked when it is parsed, evaluated once
 * per call.
 * <p>
 * The check catches what can be known from the method's signature: a syntax error, a
 * variable that is no parameter, and a property or method its declared type does not
 * have. Evaluation is read-only (property access and instance methods, no type
 * references, no assignment); when it fails at run time (a {@code null} on the way, say;
 * use {@code ?.}) it gives {@code null} and a warning naming the method is logged once.
 *
 * @author agent-tracing
 */
final class ParameterExpression {

	private static final SpelExpressionParser PARSER = new SpelExpressionParser();

	private final Origin origin;

	private final SpelExpression expression;

	private final String[] parameterNames;

	private ParameterExpression(Origin origin, SpelExpression expression, String[] parameterNames) {
		this.origin = origin;
		this.expression = expression;
		this.parameterNames = parameterNames;
	}

	/**
	 * Parse and check the expression of an annotation attribute.
	 * @param annotation the annotation's simple name, such as {@code AgentRun}
	 * @param attribute the attribute, such as {@code conversationId}
	 * @param method the annotated method
	 * @param expression the expression
	 * @param parameterNames the method's parameter names
	 * @return the checked expression
	 * @throws InvalidTracingExpressionException if the expression cannot work for the
	 * method
	 */
	static ParameterExpression parse(String annotation, String attribute, Method method, String expression,
			String[] parameterNames) {
		Origin origin = new Origin(annotation, attribute, method, expression);
		SpelExpression parsed;
		try {
			parsed = (SpelExpression) PARSER.parseExpression(expression);
		}
		catch (ParseException ex) {
			throw origin.invalid(ex.getSimpleMessage(), ex);
		}
		new Check(origin, variables(method, parameterNames)).node(parsed.getAST());
		return new ParameterExpression(origin, parsed, parameterNames);
	}

	/**
	 * Evaluate the expression for one call.
	 * @param args the call's arguments
	 * @return the value as a string, or {@code null} when the expression gives none or
	 * fails
	 */
	@Nullable String evaluate(@Nullable Object[] args) {
		try {
			SimpleEvaluationContext context = SimpleEvaluationContext.forReadOnlyDataBinding()
				.withInstanceMethods()
				.build();
			for (int i = 0; i < args.length && i < this.parameterNames.length; i++) {
				context.setVariable(this.parameterNames[i], args[i]);
				context.setVariable("p" + i, args[i]);
				context.setVariable("a" + i, args[i]);
			}
			Object value = this.expression.getValue(context);
			return (value != null) ? value.toString() : null;
		}
		catch (EvaluationException ex) {
			TracingFaults.notice("expression|" + this.origin, this.origin + " failed: " + ex.getMessage()
					+ "; the span goes without it. Use '?.' to navigate past null values");
			return null;
		}
	}

	static String describe(Method method) {
		return method.getDeclaringClass().getName() + "." + method.getName() + "("
				+ String.join(", ", Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).toList()) + ")";
	}

	private static Map<String, Class<?>> variables(Method method, String[] parameterNames) {
		Class<?>[] types = method.getParameterTypes();
		Map<String, Class<?>> variables = new LinkedHashMap<>();
		for (int i = 0; i < types.length; i++) {
			variables.put(parameterNames[i], types[i]);
			variables.put("p" + i, types[i]);
			variables.put("a" + i, types[i]);
		}
		return variables;
	}

	/** Where an expression stands, for messages. */
	private record Origin(String annotation, String attribute, Method method, String expression) {

		InvalidTracingExpressionException invalid(String reason, @Nullable Throwable cause) {
			return new InvalidTracingExpressionException(this.annotation, this.attribute, this.method, this.expression,
					reason, cause);
		}

		@Override
		public String toString() {
			return "@" + this.annotation + "(" + this.attribute + " = \"" + this.expression + "\") on "
					+ describe(this.method);
		}

	}

	/** The checks that the method's signature allows. */
	private record Check(Origin origin, Map<String, Class<?>> variables) {

		void node(SpelNode node) {
			if (node instanceof VariableReference) {
				variable(node);
				return;
			}
			int first = 0;
			if (node instanceof CompoundExpression && node.getChildCount() > 1
					&& node.getChild(0) instanceof VariableReference) {
				// #variable.property.method(): follow the declared types as far as they
				// are known.
				Class<?> type = variable(node.getChild(0));
				for (int i = 1; i < node.getChildCount() && type != null; i++) {
					type = member(type, node.getChild(i));
				}
				first = 1;
			}
			for (int i = first; i < node.getChildCount(); i++) {
				node(node.getChild(i));
			}
		}

		private @Nullable Class<?> variable(SpelNode node) {
			String name = node.toStringAST().substring(1);
			if ("root".equals(name) || "this".equals(name)) {
				return null;
			}
			if (!this.variables.containsKey(name)) {
				List<String> names = this.variables.keySet()
					.stream()
					.filter((key) -> !key.matches("[pa]\\d+"))
					.toList();
				throw this.origin.invalid("'#" + name + "' is not a parameter of the method; its parameters are "
						+ names + " (or #p0, #p1... by position; names need the -parameters compiler flag)", null);
			}
			return this.variables.get(name);
		}

		// The type a property or method of `type` has; null when it cannot be known
		// statically.
		private @Nullable Class<?> member(Class<?> type, SpelNode node) {
			if (type == Object.class || Map.class.isAssignableFrom(type)) {
				return null;
			}
			if (node instanceof PropertyOrFieldReference property) {
				String name = property.getName();
				PropertyDescriptor descriptor = BeanUtils.getPropertyDescriptor(type, name);
				if (descriptor != null && descriptor.getReadMethod() != null) {
					return descriptor.getReadMethod().getReturnType();
				}
				Method accessor = ReflectionUtils.findMethod(type, name);
				if (accessor != null) {
					return accessor.getReturnType();
				}
				Field field = ReflectionUtils.findField(type, name);
				if (field != null) {
					return field.getType();
				}
				throw this.origin.invalid(type.getName() + " has no property '" + name + "'" + knownProperties(type),
						null);
			}
			if (node instanceof MethodReference reference) {
				String name = reference.getName();
				for (Method candidate : type.getMethods()) {
					if (candidate.getName().equals(name)) {
						return (candidate.getParameterCount() == 0) ? candidate.getReturnType() : null;
					}
				}
				throw this.origin.invalid(type.getName() + " has no public method '" + name + "'", null);
			}
			return null;
		}

		private static String knownProperties(Class<?> type) {
			List<String> names = new ArrayList<>();
			if (type.isRecord()) {
				for (RecordComponent component : type.getRecordComponents()) {
					names.add(component.getName());
				}
			}
			else {
				for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
					if (descriptor.getReadMethod() != null && !"class".equals(descriptor.getName())) {
						names.add(descriptor.getName());
					}
				}
			}
			return names.isEmpty() ? "" : "; it has " + names;
		}

	}

}
