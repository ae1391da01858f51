import ReactMarkdown from 'react-markdown';
import remarkGfm from 'remark-gfm';

/** Course Markdown. Raw HTML is not rendered (react-markdown's default), links are plain text. */
export function Markdown({ text }: { text: string }) {
  return (
    <ReactMarkdown remarkPlugins={[remarkGfm]} components={{ a: ({ children }) => <span>{children}</span>, img: () => null }}>
      {text}
    </ReactMarkdown>
  );
}
