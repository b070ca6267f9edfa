# Configures the Debian Redmine for Sextant's tests, in one `bin/rails runner` (each runner boots
# Rails, ~2.5 s): REST API on, login required, the admin usable over the API, the "External ID"
# issue custom field and the users alice and bob. Idempotent: what exists is kept (and corrected).
# Writes the state as JSON to ENV['SEXTANT_REDMINE_STATE'] (never to stdout: it holds API keys).
require 'json'
require 'openssl'
require 'securerandom'

out = ENV.fetch('SEXTANT_REDMINE_STATE')
# The users' passwords derive from the instance's secret (random per machine): the same on every
# run and for every STATE_DIR, so a second STATE_DIR does not reset them behind the first's back.
password_of = lambda do |login|
  OpenSSL::HMAC.hexdigest('SHA256', Rails.application.secret_key_base, "sextant-test-user:#{login}")[0, 24]
end
passwords = {}

ActiveRecord::Base.transaction do
  Setting.rest_api_enabled = '1'
  # Without it an invalid API key on a public project is taken as Anonymous (and may write).
  Setting.login_required = '1'

  admin = User.find_by_login('admin') || raise('no admin user: is the Redmine database loaded?')
  admin.must_change_passwd = false # else the API answers 403 "You must change your password"
  # The package creates admin/admin: replace that well-known password (the API key is what tests use).
  # (Setting a password does not mark the record changed: the hash is computed on save.)
  new_password = admin.check_password?('admin')
  admin.password = admin.password_confirmation = SecureRandom.hex(16) if new_password
  admin.save! if new_password || admin.changed?

  cf = IssueCustomField.find_by(name: 'External ID') || IssueCustomField.new(name: 'External ID')
  cf.field_format = 'string'
  cf.is_for_all = true
  cf.is_filter = true
  cf.searchable = true
  cf.visible = true
  cf.is_required = false
  cf.tracker_ids = Tracker.pluck(:id) unless cf.tracker_ids.sort == Tracker.pluck(:id).sort
  cf.save! if cf.new_record? || cf.changed?

  users = {}
  keys = {}
  %w[alice bob].each do |login|
    u = User.find_by_login(login) || User.new(firstname: login.capitalize, lastname: 'Sextant',
                                              mail: "#{login}@example.com")
    u.login = login
    u.admin = false
    u.status = User::STATUS_ACTIVE
    u.must_change_passwd = false
    u.mail_notification = 'none'
    pw = password_of.call(login)
    new_password = !(u.persisted? && u.check_password?(pw))
    u.password = u.password_confirmation = pw if new_password
    u.save! if new_password || u.changed?
    passwords[login] = pw
    users[login] = u.id
    keys[login] = u.api_key # creates the API token if missing
  end

  state = {
    'admin_key' => admin.api_key,
    'alice_key' => keys['alice'],
    'bob_key' => keys['bob'],
    'custom_field_id' => cf.id,
    'users' => users,
    'passwords' => passwords,
  }
  File.write(out, JSON.pretty_generate(state) + "\n")
end
