package dev.channels.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link History#newestBelow}, which the default {@link Broker#historyBefore} (a broker without its own) answers with. */
class DefaultHistoryBeforeTest {

    private static History stream(long from, long to) {
        List<Publication> all = new ArrayList<>();
        for (long o = from; o <= to; o++) {
            all.add(new Publication("ch", new StreamPosition(o, "e"), "m" + o));
        }
        return new History(new StreamPosition(to, "e"), all);
    }

    @Test
    void keepsTheNewestBelowTheOffsetOldestFirst() {
        assertThat(History.newestBelow(stream(1, 10), 0, 3).publications()).extracting(Publication::offset)
                .containsExactly(8L, 9L, 10L);
        assertThat(History.newestBelow(stream(1, 10), 8, 3).publications()).extracting(Publication::offset)
                .containsExactly(5L, 6L, 7L);
        assertThat(History.newestBelow(stream(4, 10), 6, 3).publications()).extracting(Publication::offset)
                .containsExactly(4L, 5L);
        assertThat(History.newestBelow(stream(1, 10), 0, 0).publications()).isEmpty();
        assertThat(History.newestBelow(stream(1, 10), 0, 3).top()).isEqualTo(new StreamPosition(10, "e"));
    }
}
