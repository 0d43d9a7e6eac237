// The README's two commands, read from its "The two commands" section: the first `sh` block there
// holds exactly two, one that builds and serves the site (`npm start`) and one that runs every test
// (`npm test`), each with a comment after `#`. `.ci/newcomer` runs them as they are written, so
// what CI runs is what the README tells a newcomer to type.
//
//   node .ci/readme-commands.mjs serve|test [README]
import { readFileSync } from 'node:fs';

/** The README's commands by what they do, or an error that says what the section lacks. */
export function readmeCommands(text) {
  const section = /^## The two commands\n([\s\S]*?)(?=^## )/m.exec(text)?.[1];
  if (section === undefined) throw new Error('README.md has no "## The two commands" section');
  const block = /^```sh\n([\s\S]*?)^```/m.exec(section)?.[1];
  if (block === undefined) throw new Error('README.md: "The two commands" has no ```sh block');
  const commands = block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const serve = commands.filter((command) => /\bnpm (run )?start\b/.test(command));
  const test = commands.filter((command) => /\bnpm (run )?test\b/.test(command));
  if (commands.length !== 2 || serve.length !== 1 || test.length !== 1) {
    throw new Error(`README.md: "The two commands" should give one command that serves the site (npm start) and one that runs every test (npm test), not ${JSON.stringify(commands)}`);
  }
  return { serve: serve[0], test: test[0] };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [which, file = 'README.md'] = process.argv.slice(2);
  const commands = readmeCommands(readFileSync(file, 'utf8'));
  if (!(which in commands)) throw new Error(`usage: node .ci/readme-commands.mjs serve|test [README]`);
  console.log(commands[which]);
}
