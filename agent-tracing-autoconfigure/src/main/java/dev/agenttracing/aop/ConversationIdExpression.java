package dev.agenttracing.aop;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

import dev.agenttracing.TracingFaults;
import dev.agenttracing.annotation.AgentRun;

/**
 * The {@link AgentRun#conversationId()} expression of one method: a SpEL expression over the
 * method's parameters, such as {@code #request.sessionId}, checked when it is parsed and
 * evaluated once per call.
 * <p>
 * The check catches what can be known from the method's signature: a syntax error, a variable
 * that is no parameter, and a property or method its declared type does not have. Evaluation
 * is read-only (property access and instance methods, no type references, no assignment); when
 * it fails at run time (a {@code null} on the way, say; use {@code ?.}) the run has no
 * conversation id and a warning naming the method is logged once.
 *
 * @author agent-tracing
 */
final class ConversationIdExpression {

	private static final SpelExpressionParser PARSER = new SpelExpressionParser();

	private final Method method;

	private final String expressionString;

	private final SpelExpression expression;

	private final String[] parameterNames;

	private ConversationIdExpression(Method method, String expressionString, SpelExpression expression,
			String[] parameterNames) {
		this.method = method;
		this.expressionString = expressionString;
		this.expression = expression;
		this.parameterNames = parameterNames;
	}

	/**
	 * Parse and check the expression of a method.
	 * @param method the annotated method
	 * @param expression the expression
	 * @param parameterNames the method's parameter names
	 * @return the checked expression
	 * @throws InvalidAgentRunExpressionException if the expression cannot work for the method
	 */
	static ConversationIdExpression parse(Method method, String expression, String[] parameterNames) {
		SpelExpression parsed;
		try {
			parsed = (SpelExpression) PARSER.parseExpression(expression);
		}
		catch (ParseException ex) {
			throw new InvalidAgentRunExpressionException(method, expression, ex.getSimpleMessage(), ex);
		}
		Map<String, Class<?>> variables = variables(method, parameterNames);
		check(method, expression, parsed.getAST(), variables);
		return new ConversationIdExpression(method, expression, parsed, parameterNames);
	}

	/**
	 * The conversation id for one call.
	 * @param args the call's arguments
	 * @return the id, or {@code null} when the expression gives none or fails
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
			TracingFaults.notice("conversation-id|" + this.method, "@AgentRun(conversationId = \""
					+ this.expressionString + "\") on " + describe(this.method) + " failed: " + ex.getMessage()
					+ "; the run has no conversation id. Use '?.' to navigate past null values");
			return null;
		}
	}

	private static Map<String, Class<?>> variables(Method method, String[] parameterNames) {
		Class<?>[] types = method.getParameterTypes();
		Map<String, Class<?>> variables = new java.util.LinkedHashMap<>();
		for (int i = 0; i < types.length; i++) {
			variables.put(parameterNames[i], types[i]);
			variables.put("p" + i, types[i]);
			variables.put("a" + i, types[i]);
		}
		return variables;
	}

	private static void check(Method method, String expression, SpelNode node, Map<String, Class<?>> variables) {
		if (node instanceof VariableReference) {
			variable(method, expression, node, variables);
			return;
		}
		if (node instanceof CompoundExpression && node.getChildCount() > 1
				&& node.getChild(0) instanceof VariableReference) {
			Class<?> type = variable(method, expression, node.getChild(0), variables);
			for (int i = 1; i < node.getChildCount() && type != null; i++) {
				type = member(method, expression, type, node.getChild(i));
			}
			for (int i = 1; i < node.getChildCount(); i++) {
				checkChildren(method, expression, node.getChild(i), variables);
			}
			return;
		}
		checkChildren(method, expression, node, variables);
	}

	private static void checkChildren(Method method, String expression, SpelNode node,
			Map<String, Class<?>> variables) {
		for (int i = 0; i < node.getChildCount(); i++) {
			check(method, expression, node.getChild(i), variables);
		}
	}

	private static @Nullable Class<?> variable(Method method, String expression, SpelNode node,
			Map<String, Class<?>> variables) {
		String name = node.toStringAST().substring(1);
		if ("root".equals(name) || "this".equals(name)) {
			return null;
		}
		if (!variables.containsKey(name)) {
			Set<String> names = new LinkedHashSet<>();
			variables.keySet().stream().filter((key) -> !key.matches("[pa]\\d+")).forEach(names::add);
			throw new InvalidAgentRunExpressionException(method, expression, "'#" + name
					+ "' is not a parameter of the method; its parameters are " + names
					+ " (or #p0, #p1... by position; names need the -parameters compiler flag)", null);
		}
		return variables.get(name);
	}

	// The type a property or method of `type` has, null when it cannot be known statically.
	private static @Nullable Class<?> member(Method method, String expression, Class<?> type, SpelNode node) {
		if (type == Object.class || type.isInterface() && Map.class.isAssignableFrom(type)
				|| Map.class.isAssignableFrom(type)) {
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
			throw new InvalidAgentRunExpressionException(method, expression,
					type.getName() + " has no property '" + name + "'" + knownProperties(type), null);
		}
		if (node instanceof MethodReference reference) {
			String name = reference.getName();
			for (Method candidate : type.getMethods()) {
				if (candidate.getName().equals(name)) {
					return (candidate.getParameterCount() == 0) ? candidate.getReturnType() : null;
				}
			}
			throw new InvalidAgentRunExpressionException(method, expression,
					type.getName() + " has no public method '" + name + "'", null);
		}
		return null;
	}

	private static String knownProperties(Class<?> type) {
		List<String> names = new ArrayList<>();
		if (type.isRecord()) {
			for (var component : type.getRecordComponents()) {
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

	static String describe(Method method) {
		return method.getDeclaringClass().getName() + "." + method.getName() + "(" + String.join(", ",
				java.util.Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).toList()) + ")";
	}

}
