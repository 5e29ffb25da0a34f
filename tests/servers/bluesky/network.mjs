// A real Bluesky network for twoway's pull tests: a PLC directory, a PDS (SQLite) and the AppView
// (PostgreSQL + Redis), from @atproto/dev-env's TestNetwork, seeded with a small conversation.
//
//   DB_POSTGRES_URL=postgresql://postgres@127.0.0.1:5433/postgres REDIS_HOST=127.0.0.1:6380 \
//   TMPDIR=/tmp/somewhere node network.mjs [--pds-port N] [--plc-port N] [--appview-port N]
//                                          [--ozone-port N] [--schema NAME]
//
// A port left out (or 0) is a free one.  Once the network is up and seeded, and the AppView has
// indexed everything, ONE JSON line goes to stdout: the service URLs, the accounts (handle, did,
// password, app password) and the uri/cid of every record made, so tests can assert exactly.
// Log lines go to stderr.  The network then stays up and reads commands on stdin, one per line:
//
//   sync      wait until the AppView has indexed everything the PDS holds; answers {"synced":true}
//
// It stops (closing every service) when stdin closes, or on SIGTERM / SIGINT.
//
// The accounts: alice.test is the business; bob.test talks to it; carol.test mentions it once
// and gets no answer; dave.test, whom alice has muted, replies to one of her posts (no
// notification: only the post's thread shows it).

import { createInterface } from 'node:readline'
import devEnv from '@atproto/dev-env'
import api from '@atproto/api'

const { TestNetwork } = devEnv
const { AtpAgent, RichText } = api

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`)
  return at > 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback
}

function port(name) {
  const value = Number.parseInt(option(name, '0'), 10)
  return Number.isFinite(value) && value > 0 ? value : undefined
}

const log = (...args) => console.error('[network]', ...args)

let network
let stopping = false

async function stop(code) {
  if (stopping) return
  stopping = true
  try {
    if (network) await network.close()
  } catch (err) {
    log('error while closing:', err && err.message)
  }
  process.exit(code)
}

process.on('SIGTERM', () => stop(0))
process.on('SIGINT', () => stop(0))

async function main() {
  const started = Date.now()
  const schema = option('schema', 'twoway_pull')
  network = await TestNetwork.create({
    dbPostgresSchema: schema,
    plc: { port: port('plc-port') },
    pds: { port: port('pds-port') },
    bsky: { port: port('appview-port') },
    ozone: { port: port('ozone-port') },
  })
  log(`network up in ${Date.now() - started} ms`)

  const pdsUrl = network.pds.url
  const accounts = {}
  const agents = {}
  for (const name of ['alice', 'bob', 'carol', 'dave']) {
    const agent = new AtpAgent({ service: pdsUrl })
    const password = `${name}-password`
    const handle = `${name}.test`
    await agent.createAccount({ handle, email: `${name}@example.com`, password })
    await agent.com.atproto.repo.putRecord({
      repo: agent.session.did,
      collection: 'app.bsky.actor.profile',
      rkey: 'self',
      record: { $type: 'app.bsky.actor.profile', displayName: name[0].toUpperCase() + name.slice(1) },
    })
    let appPassword = null
    try {
      const made = await agent.com.atproto.server.createAppPassword({ name: 'twoway' })
      appPassword = made.data.password
    } catch (err) {
      log(`no app password for ${handle}: ${err && err.message}`)
    }
    accounts[name] = { handle, did: agent.session.did, password, app_password: appPassword }
    agents[name] = agent
  }
  const { alice, bob, carol } = agents

  const records = {}
  const ref = (made) => ({ uri: made.uri, cid: made.cid })
  const keep = (name, made) => {
    records[name] = ref(made)
    return records[name]
  }
  const text = async (agent, words) => {
    const rich = new RichText({ text: words })
    await rich.detectFacets(agent) // @handles become mention facets, URLs link facets
    return { text: rich.text, facets: rich.facets }
  }
  const reply = (root, parent) => ({ reply: { root, parent } })
  const quote = (target) => ({ embed: { $type: 'app.bsky.embed.record', record: target } })

  // alice, the business, broadcasts: a post, its thread, a link post.
  const opening = keep('alice_post', await alice.post(await text(alice, 'Fresh sourdough out of the oven this morning.')))
  keep('alice_thread', await alice.post({ ...(await text(alice, 'Rye loaves follow on Saturdays.')), ...reply(opening, opening) }))
  const linkPost = keep(
    'alice_link',
    await alice.post({
      ...(await text(alice, 'Our spring menu is out: https://example.com/menu')),
      embed: {
        $type: 'app.bsky.embed.external',
        external: { uri: 'https://example.com/menu', title: 'Spring menu', description: 'What we bake this spring' },
      },
    }),
  )

  // bob writes a post of his own, then replies to alice, mentions her and quotes her.
  const bobPost = keep('bob_post', await bob.post(await text(bob, 'Who bakes the best bread in town?')))
  const bobReply = keep('bob_reply', await bob.post({ ...(await text(bob, 'Is the sourdough vegan?')), ...reply(opening, opening) }))
  const bobMention = keep('bob_mention', await bob.post(await text(bob, 'Loved the rye from @alice.test yesterday')))
  keep('bob_quote', await bob.post({ ...(await text(bob, 'That menu looks great')), ...quote(linkPost) }))

  // carol mentions alice and never hears back.
  keep('carol_mention', await carol.post(await text(carol, '@alice.test are you open on Sunday?')))

  // alice answers bob's reply and his mention, quotes his post and reposts it.
  keep('alice_reply', await alice.post({ ...(await text(alice, 'Yes, it is! Only flour, water and salt.')), ...reply(opening, bobReply) }))
  keep('alice_reply_mention', await alice.post({ ...(await text(alice, 'Thank you, Bob!')), ...reply(bobMention, bobMention) }))
  keep('alice_quote', await alice.post({ ...(await text(alice, 'We like to think so')), ...quote(bobPost) }))
  keep('alice_repost', await alice.repost(bobPost.uri, bobPost.cid))

  // alice has muted dave: his reply to her post sends her no notification, and only the post's
  // thread shows it.
  await alice.app.bsky.graph.muteActor({ actor: agents.dave.session.did })
  const quiet = keep('alice_quiet', await alice.post(await text(alice, 'Closed on Monday for a private event.')))
  keep('dave_reply', await agents.dave.post({ ...(await text(agents.dave, 'Will you open late on Tuesday then?')), ...reply(quiet, quiet) }))

  await network.processAll()
  log(`seeded and indexed in ${Date.now() - started} ms`)

  process.stdout.write(
    JSON.stringify({
      pds: pdsUrl,
      appview: network.bsky.url,
      appview_did: network.bsky.ctx.cfg.serverDid,
      plc: network.plc.url,
      accounts,
      records,
    }) + '\n',
  )

  const commands = createInterface({ input: process.stdin })
  commands.on('line', async (line) => {
    const command = line.trim()
    if (command === 'sync') {
      try {
        await network.processAll()
        process.stdout.write(JSON.stringify({ synced: true }) + '\n')
      } catch (err) {
        process.stdout.write(JSON.stringify({ synced: false, error: String(err && err.message) }) + '\n')
      }
    } else if (command) {
      process.stdout.write(JSON.stringify({ error: `unknown command ${command}` }) + '\n')
    }
  })
  commands.on('close', () => stop(0))
}

main().catch((err) => {
  log('failed:', err && err.stack ? err.stack : err)
  stop(1)
})
