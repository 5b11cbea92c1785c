import { build } from 'vite';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
const root = process.cwd();
const lang = process.argv[2] ?? 'uk';
const code = `import { dialog as words } from ${JSON.stringify(root+'/widget/i18n/'+lang+'.ts')};\nimport { chunk } from ${JSON.stringify(root+'/widget/dialog/index.ts')};\nexport default chunk(words);`;
const ENTRY='virtual:misprint-chunk';
const r = await build({configFile:false, root, logLevel:'warn', oxc:{ jsx: { runtime: 'automatic', importSource: 'preact' } },
 plugins:[{name:'e',resolveId:(id)=>id.endsWith(ENTRY)?'\0'+ENTRY:null,load:(id)=>id==='\0'+ENTRY?code:null}],
 build:{write:false,target:['chrome111','edge111','firefox111','safari16.4'],cssTarget:['chrome123','edge123','firefox120','safari17.5'],cssMinify:true,sourcemap:false,lib:{entry:ENTRY,formats:['es'],fileName:'chunk'},rolldownOptions:{output:{minify:true,comments:false}}}});
const out=(Array.isArray(r)?r:[r]).flatMap(x=>x.output).find(f=>f.type==='chunk');
const rows=Object.entries(out.modules).map(([id,m])=>[m.renderedLength,id.replace(root,'')]).sort((a,b)=>b[0]-a[0]);
for (const [n,id] of rows) console.log(n, id);
console.log('total', out.code.length, gzipSync(out.code,{level:9}).length);
import('node:fs').then(fs=>fs.writeFileSync('/tmp/dialog.js', out.code));
