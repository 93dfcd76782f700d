package dev.cairn.client;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * One page of a search and the token of the next ({@code null} on the last page).
 *
 * @param <T> the row type
 */
public record Page<T>(List<T> items, String nextPageToken) {
  public Page {
    items = items == null ? List.of() : List.copyOf(items);
    nextPageToken = nextPageToken == null || nextPageToken.isEmpty() ? null : nextPageToken;
  }

  /**
   * All rows of a search, fetched a page at a time as the iteration reaches them ({@code fetch}
   * takes a page token, {@code null} for the first page).
   */
  public static <T> Iterable<T> lazily(Function<String, Page<T>> fetch) {
    return () ->
        new Iterator<>() {
          private Page<T> page = fetch.apply(null);
          private int next;

          @Override
          public boolean hasNext() {
            while (next >= page.items().size() && page.nextPageToken() != null) {
              page = fetch.apply(page.nextPageToken());
              next = 0;
            }
            return next < page.items().size();
          }

          @Override
          public T next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            return page.items().get(next++);
          }
        };
  }
}
