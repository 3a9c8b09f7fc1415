package io.mre.plugins.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.Map;

/**
 * The CEL environments of this plugin: guards see {@code object}, {@code candidate}, {@code node} and {@code now};
 * reentry conditions see {@code object} and {@code now}. Both must yield a bool. Numbers compare across int and
 * double ({@code object.intent.input.amount > 10000} works on a JSON double), and comprehensions are bounded
 * so an expression stays fast. Compilers, runtimes and programs are immutable and thread-safe, so the two
 * environments are shared.
 */
final class CelEnvironment {
    /** Iterations a comprehension ({@code exists}, {@code all}, {@code map}, ...) may take. */
    static final int MAX_ITERATIONS = 10_000;

    private static final MapType JSON_OBJECT = MapType.create(SimpleType.STRING, SimpleType.DYN);

    private final CelCompiler compiler;
    private final CelRuntime runtime;

    private CelEnvironment(boolean guard) {
        CelOptions options = CelOptions.current()
                .enableHeterogeneousNumericComparisons(true)
                .comprehensionMaxIterations(MAX_ITERATIONS)
                .build();
        var builder = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addVar(Bindings.OBJECT, JSON_OBJECT)
                .addVar(Bindings.NOW, SimpleType.TIMESTAMP)
                .setResultType(SimpleType.BOOL);
        if (guard) {
            builder.addVar(Bindings.CANDIDATE, JSON_OBJECT).addVar(Bindings.NODE, JSON_OBJECT);
        }
        this.compiler = builder.build();
        this.runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
                .setOptions(options)
                .build();
    }

    /** For policy guards: object, candidate, node, now. */
    static CelEnvironment guards() {
        return Shared.GUARDS;
    }

    /** For reentry conditions: object, now. */
    static CelEnvironment conditions() {
        return Shared.CONDITIONS;
    }

    /** Built once, on first use: building an environment costs far more than compiling an expression. */
    private static final class Shared {
        static final CelEnvironment GUARDS = new CelEnvironment(true);
        static final CelEnvironment CONDITIONS = new CelEnvironment(false);
    }

    /**
     * Compiles {@code expression} to a boolean program.
     *
     * @throws IllegalArgumentException with CEL's message when it does not parse, type-check or plan
     */
    Compiled compile(String expression) {
        try {
            CelAbstractSyntaxTree ast = compiler.compile(expression).getAst();
            return new Compiled(expression, runtime.createProgram(ast));
        } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalArgumentException(e.getMessage().replace('\n', ' ').replaceAll(" +", " "), e);
        }
    }

    /** A compiled boolean expression. */
    record Compiled(String expression, CelRuntime.Program program) {
        /**
         * Evaluates against {@code variables}.
         *
         * @throws IllegalStateException with CEL's message when evaluation fails (a missing key, a bad operand)
         */
        boolean holds(Map<String, ?> variables) {
            try {
                return Boolean.TRUE.equals(program.eval(variables));
            } catch (CelEvaluationException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }
}
