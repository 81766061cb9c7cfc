#include "notemodel.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

int NoteModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_titles.size();
}

QVariant NoteModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || role != Qt::DisplayRole)
        return {};
    return m_titles.at(index.row());
}

void NoteModel::addNote(const QString &title)
{
    beginInsertRows({}, m_titles.size(), m_titles.size());
    m_titles.append(title);
    endInsertRows();
}

bool NoteModel::save(const QString &path) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(QJsonDocument(QJsonArray::fromStringList(m_titles)).toJson());
    return true;
}
