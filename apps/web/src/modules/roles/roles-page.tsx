import { useEffect, useState } from 'react';
import { App as AntApp, Alert, Button, Card, Checkbox, Col, Row, Skeleton, Space, Tag } from 'antd';
import { PERMISSIONS, SEPARATED_ADMIN_ROLES } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { listRoles, updateRolePermissions, type RoleRecord } from './roles.api.ts';

/** Each role with its permissions as checkboxes; editable only where the role says 'update'. */
export function RolesPage() {
  const { locale, t } = useLocale();
  const roles = useAsync((signal) => listRoles(signal), []);
  const items = roles.data?.items ?? [];
  const anyEditable = items.some((role) => role.abilities.includes('update'));

  return (
    <section aria-labelledby="roles-title">
      <div className="page-header">
        <h1 id="roles-title">{t('web.roles.title')}</h1>
      </div>
      {roles.error ? (
        <Alert type="error" showIcon title={errorText(locale, roles.error)} action={<Button onClick={roles.reload}>{t('web.common.retry')}</Button>} />
      ) : roles.loading && !roles.data ? (
        <Skeleton active />
      ) : (
        <>
          {!anyEditable ? <Alert type="info" showIcon title={t('web.roles.readOnly')} style={{ marginBottom: 16 }} /> : null}
          <Row gutter={[16, 16]}>
            {items.map((role) => (
              <Col key={role.code} xs={24} md={12} xl={8}>
                <RoleCard role={role} onSaved={roles.reload} />
              </Col>
            ))}
          </Row>
        </>
      )}
    </section>
  );
}

function RoleCard({ role, onSaved }: { role: RoleRecord; onSaved: () => void }) {
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const [draft, setDraft] = useState<string[]>(role.permissions);
  const [saving, setSaving] = useState(false);
  const saved = role.permissions.join(',');
  // A reload after saving (or someone else's change) replaces the draft with what the server holds.
  useEffect(() => setDraft(role.permissions), [saved]); // eslint-disable-line react-hooks/exhaustive-deps
  const editable = role.abilities.includes('update');
  const dirty = draft.length !== role.permissions.length || draft.some((p) => !role.permissions.includes(p));
  const roleName = t(`role.${role.code}`);

  const save = async () => {
    setSaving(true);
    try {
      await updateRolePermissions(role.code, draft);
      message.success(t('web.roles.saved', { role: roleName }));
      onSaved();
    } catch (error) {
      message.error(errorText(locale, error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card
      size="small"
      data-testid={`role-${role.code}`}
      title={
        <Space size={6} wrap>
          <span>{roleName}</span>
          {SEPARATED_ADMIN_ROLES.includes(role.code) ? <Tag color="purple">{t('web.roles.separated')}</Tag> : null}
        </Space>
      }
      extra={
        editable ? (
          <Space size={4}>
            {dirty ? (
              <Button size="small" onClick={() => setDraft(role.permissions)}>
                {t('web.common.reset')}
              </Button>
            ) : null}
            <Button size="small" type="primary" disabled={!dirty} loading={saving} onClick={save} data-testid={`role-save-${role.code}`}>
              {t('web.common.save')}
            </Button>
          </Space>
        ) : null
      }
    >
      <Checkbox.Group
        aria-label={t('web.roles.permissions')}
        disabled={!editable}
        value={draft}
        onChange={(values) => setDraft(values.map(String))}
        style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))', gap: 6 }}
        options={PERMISSIONS.map((permission) => ({ value: permission, label: t(`web.permission.${permission}`) }))}
      />
    </Card>
  );
}
