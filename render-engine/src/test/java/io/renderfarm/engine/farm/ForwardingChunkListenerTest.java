package io.renderfarm.engine.farm;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A wrapping farm's listener passes every report on and sees every end once, however it is reported. */
class ForwardingChunkListenerTest {
    private final List<String> passedOn = new ArrayList<>();
    private final List<ChunkEnd> ends = new ArrayList<>();

    private final ChunkListener next = (ChunkListener) Proxy.newProxyInstance(
            ChunkListener.class.getClassLoader(), new Class<?>[] {ChunkListener.class}, (proxy, method, args) -> {
                passedOn.add(signature(method));
                return null;
            });

    private final ForwardingChunkListener forwarding = new ForwardingChunkListener(next) {
        @Override
        protected void ending(ChunkEnd end) {
            ends.add(end);
        }
    };

    @Test
    void shouldPassEveryReportOfTheInterfaceOnAsItCame() throws Exception {
        for (Method m : ChunkListener.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || signature(m).equals("finished(String)")) {
                continue;
            }
            passedOn.clear();
            m.invoke(forwarding, arguments(m));
            assertThat(passedOn).as(signature(m)).containsExactly(signature(m));
        }
    }

    @Test
    void shouldSeeEachEndOnceWhetherFinishedWithAReasonAnEndOrLost() {
        forwarding.finished((String) null);
        forwarding.finished(ChunkEnd.of("renderer exited with 1"));
        forwarding.lost("agent render-3 disconnected");

        assertThat(ends)
                .extracting(ChunkEnd::failure)
                .containsExactly(null, "renderer exited with 1", "agent render-3 disconnected");
        assertThat(passedOn).containsExactly("finished(ChunkEnd)", "finished(ChunkEnd)", "lost(String)");
    }

    private static String signature(Method m) {
        StringBuilder s = new StringBuilder(m.getName()).append('(');
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            s.append(i == 0 ? "" : ",").append(types[i].getSimpleName());
        }
        return s.append(')').toString();
    }

    private static Object[] arguments(Method m) {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            if (types[i] == int.class) {
                args[i] = 7;
            } else if (types[i] == double.class) {
                args[i] = 0.5;
            } else if (types[i] == String.class) {
                args[i] = "x";
            } else if (types[i] == ChunkEnd.class) {
                args[i] = ChunkEnd.of(null);
            }
        }
        return args;
    }
}
